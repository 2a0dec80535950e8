"""Reporting, self-cleaning after reports, and moderators' decisions."""

import pytest

from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.core.events import capture_events
from plein.governance.moderation.models import Decision, Report
from plein.posts.models import Post, Withheld

pytestmark = pytest.mark.django_db


def test_report_a_visible_post(alice, bob, make_post, report):
    post = make_post(alice, "Koop nu goedkope horloges")
    with capture_events() as events:
        created = report(bob, post, "spam", "Reclame")
    assert created.reporter == bob and created.post == post
    assert created.comment is None and created.resolved_at is None
    event = next(e for e in events if e.name == "moderation.report.created")
    assert event.actor_id == bob.pk
    assert event.payload == {
        "report_id": created.pk,
        "reason": "spam",
        "post_id": post.pk,
        "comment_id": None,
    }
    # The author is not told, by event or otherwise, who reported.
    assert alice.pk not in event.audience_ids


def test_report_a_comment(alice, bob, make_post, make_comment, report):
    post = make_post(alice)
    comment = make_comment(alice, post, "Jij bent dom")
    created = report(bob, comment, "harassment")
    assert created.comment == comment and created.post == post


def test_one_open_report_per_person_per_item(alice, bob, make_post, report):
    post = make_post(alice)
    report(bob, post)
    with pytest.raises(Conflict):
        report(bob, post, "other")
    assert Report.objects.count() == 1


def test_cannot_report_own_content(alice, make_post, make_comment, report):
    post = make_post(alice)
    with pytest.raises(Forbidden):
        report(alice, post)
    with pytest.raises(Forbidden):
        report(alice, make_comment(alice, post))


def test_reason_must_be_known(alice, bob, make_post, report):
    post = make_post(alice)
    with pytest.raises(InvalidInput) as error:
        report(bob, post, "boring")
    assert error.value.field == "reason"


def test_note_is_limited(alice, bob, make_post, report):
    with pytest.raises(InvalidInput) as error:
        report(bob, make_post(alice), "other", "x" * 3000)
    assert error.value.field == "note"


def test_reporting_what_one_cannot_see_is_not_found(
    alice, bob, carol, make_group, make_post, make_comment, report
):
    secret = make_group(alice, "Fusie", kind="secret", members=(bob,))
    post = make_post(alice, "Plannen voor de fusie", group=secret)
    comment = make_comment(bob, post)
    with pytest.raises(NotFound):
        report(carol, post)
    with pytest.raises(NotFound):
        report(carol, comment)
    # Members may.
    assert report(bob, post)


def test_missing_content_is_not_found(bob, report):
    from plein.governance.moderation.actions import check_create_report

    with pytest.raises(NotFound):
        check_create_report(bob, post_id=999_999, reason="spam")


def test_threshold_counts_distinct_people(alice, crowd, make_post, report, settings):
    settings.MODERATION_HIDE_AFTER_REPORTS = 3
    post = make_post(alice, "Twijfelachtig")
    report(crowd[0], post, "spam")
    report(crowd[1], post, "other")
    with pytest.raises(Conflict):
        report(crowd[1], post, "spam")  # the same person twice counts once
    post.refresh_from_db()
    assert post.withheld_at is None
    with capture_events() as events:
        report(crowd[2], post, "harassment")
    post.refresh_from_db()
    assert post.withheld_reason == Withheld.REPORTS
    withheld = next(e for e in events if e.name == "moderation.content.withheld")
    assert withheld.payload == {
        "reason": "reports",
        "post_id": post.pk,
        "comment_id": None,
    }


def test_threshold_for_comments(
    alice, bob, crowd, make_post, make_comment, report, settings
):
    settings.MODERATION_HIDE_AFTER_REPORTS = 2
    post = make_post(alice)
    comment = make_comment(bob, post, "Scheldwoord")
    report(crowd[0], comment)
    report(crowd[1], comment)
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.withheld_reason == Withheld.REPORTS
    assert post.withheld_at is None  # only the comment


def test_withheld_content_cannot_be_reported(alice, crowd, make_post, report):
    from plein.posts.actions import do_withhold

    post = make_post(alice)
    report(crowd[0], post)
    do_withhold(post, Withheld.MODERATOR)
    # Nobody but the author sees it now.
    with pytest.raises(NotFound):
        report(crowd[1], post)


def test_reports_do_not_replace_a_leak_hold(alice, crowd, make_post, report, settings):
    from plein.governance.moderation.actions import do_withhold_if_reported_enough
    from plein.posts.actions import do_withhold

    settings.MODERATION_HIDE_AFTER_REPORTS = 1
    post = make_post(alice)
    report(crowd[0], post)
    post.refresh_from_db()
    do_withhold(post, Withheld.REVIEW)
    assert do_withhold_if_reported_enough(post, None) is False
    post.refresh_from_db()
    assert post.withheld_reason == Withheld.REVIEW


def _hidden_post(alice, crowd, make_post, report, settings):
    settings.MODERATION_HIDE_AFTER_REPORTS = 2
    post = make_post(alice, "Omstreden")
    report(crowd[0], post, "spam")
    report(crowd[1], post, "leak")
    post.refresh_from_db()
    assert post.withheld_reason == Withheld.REPORTS
    return post


def test_keep_releases_and_closes_reports(
    alice, crowd, moderator, make_post, report, decide, settings
):
    post = _hidden_post(alice, crowd, make_post, report, settings)
    with capture_events() as events:
        decision = decide(moderator, post, "keep", "Geen overtreding")
    post.refresh_from_db()
    assert post.withheld_at is None
    assert decision.action == "keep" and decision.reason == "Geen overtreding"
    assert decision.author == alice and decision.moderator == moderator
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert set(Report.objects.values_list("decision", flat=True)) == {decision.pk}
    event = next(e for e in events if e.name == "moderation.decision.made")
    assert event.actor_id == moderator.pk
    assert event.payload == {
        "decision_id": decision.pk,
        "action": "keep",
        "post_id": post.pk,
        "comment_id": None,
    }
    # Closed reports no longer count: one new report does not hide it again.
    report(crowd[2], post)
    post.refresh_from_db()
    assert post.withheld_at is None


def test_keep_leaves_a_leak_hold(alice, bob, moderator, make_post, report, decide):
    from plein.posts.actions import do_withhold

    post = make_post(alice)
    report(bob, post)
    do_withhold(post, Withheld.REVIEW)
    decide(moderator, post, "keep")
    post.refresh_from_db()
    assert post.withheld_reason == Withheld.REVIEW


def test_hide(alice, bob, moderator, make_post, report, decide):
    post = make_post(alice)
    report(bob, post)
    decide(moderator, post, "hide", "Beledigend")
    post.refresh_from_db()
    assert post.withheld_reason == Withheld.MODERATOR
    assert Report.objects.get().resolved_at is not None


def test_delete_post_closes_reports_on_its_comments(
    alice, bob, carol, moderator, make_post, make_comment, report, decide
):
    post = make_post(alice)
    comment = make_comment(bob, post)
    report(carol, comment)
    report(bob, post)
    decide(moderator, post, "delete", "Spam")
    post.refresh_from_db()
    assert post.deleted_at is not None and post.deleted_by == moderator
    assert not Report.objects.filter(resolved_at__isnull=True).exists()


def test_delete_comment(
    alice, bob, carol, moderator, make_post, make_comment, report, decide
):
    post = make_post(alice)
    comment = make_comment(bob, post)
    report(carol, comment)
    decide(moderator, comment, "delete", "Scheldpartij")
    comment.refresh_from_db()
    assert comment.deleted_at is not None
    assert Post.objects.get(pk=post.pk).deleted_at is None


def test_warn_records_a_warning_and_leaves_reports_open(
    alice, bob, moderator, make_post, report, decide
):
    post = make_post(alice)
    report(bob, post)
    decision = decide(moderator, post, "warn", "Let op je toon")
    assert decision.is_warning and decision.author == alice
    assert Report.objects.get().resolved_at is None
    post.refresh_from_db()
    assert post.withheld_at is None and post.deleted_at is None


def test_decision_needs_a_reason_and_a_known_action(
    alice, bob, moderator, make_post, report, decide
):
    post = make_post(alice)
    report(bob, post)
    with pytest.raises(InvalidInput) as error:
        decide(moderator, post, "keep", "   ")
    assert error.value.field == "reason"
    with pytest.raises(InvalidInput) as error:
        decide(moderator, post, "ban", "Waarom niet")
    assert error.value.field == "action"
    assert not Decision.objects.exists()


def test_members_cannot_decide(alice, bob, carol, make_post, report, decide):
    post = make_post(alice)
    report(bob, post)
    with pytest.raises(NotFound):
        decide(carol, post, "hide")


def test_nobody_decides_on_their_own_content(moderator, bob, make_post, report, decide):
    post = make_post(moderator)
    report(bob, post)
    with pytest.raises(NotFound):
        decide(moderator, post, "keep")


def test_moderators_decide_on_visible_unreported_content(
    alice, moderator, make_post, decide
):
    post = make_post(alice)
    decide(moderator, post, "hide", "Gezien in de tijdlijn")
    assert Post.objects.get(pk=post.pk).withheld_reason == Withheld.MODERATOR


def test_moderators_cannot_reach_unreported_secret_content(
    alice, moderator, make_group, make_post, decide
):
    secret = make_group(alice, "Fusie", kind="secret")
    post = make_post(alice, "Overleg over de fusie", group=secret)
    with pytest.raises(NotFound):
        decide(moderator, post, "hide")


def test_moderators_see_reported_secret_content(
    alice, bob, moderator, make_group, make_post, report, decide
):
    secret = make_group(alice, "Fusie", kind="secret", members=(bob,))
    post = make_post(alice, "Overleg over de fusie", group=secret)
    report(bob, post)
    decide(moderator, post, "keep", "In orde")
    assert Report.objects.get().resolved_at is not None


def test_group_admin_decides_in_own_group_only(
    alice, bob, carol, make_group, make_post, make_comment, report, decide
):
    group = make_group(alice, "Team", members=(bob, carol))
    post = make_post(bob, "In de groep", group=group)
    report(carol, post)
    decide(alice, post, "hide", "Niet hier")
    assert Post.objects.get(pk=post.pk).withheld_reason == Withheld.MODERATOR
    elsewhere = make_post(bob, "Op mijn profiel")
    report(carol, elsewhere)
    with pytest.raises(NotFound):
        decide(alice, elsewhere, "hide")


def test_the_author_is_told_each_decision_but_not_who_took_it(
    alice, bob, moderator, make_post, report, decide
):
    from plein.notifications.models import Notification
    from plein.notifications.presentation import build_notification_sentence

    post = make_post(alice, "Vrijdagmiddagborrel")
    report(bob, post)
    decide(moderator, post, "hide", "Beledigend")
    decide(moderator, post, "keep", "Toch in orde")
    decide(moderator, post, "warn", "Let op je toon")
    told = list(
        Notification.objects.filter(recipient=alice, kind="moderation").order_by("pk")
    )
    assert [n.key.split(":")[1] for n in told] == ["hidden", "kept", "warned"]
    for notification in told:
        sentence = str(build_notification_sentence(notification))
        assert "Vrijdagmiddagborrel" in sentence
        assert moderator.full_name not in sentence and bob.full_name not in sentence
        assert notification.actor_id is None
    decide(moderator, post, "delete", "Toch weg")
    removed = (
        Notification.objects.filter(recipient=alice, kind="moderation")
        .order_by("pk")
        .last()
    )
    assert removed.key.split(":")[1] == "removed" and removed.post_id is None
