"""The publish check through the posts actions: block, warn, hold, record."""

from collections.abc import Callable
from typing import Any

import pytest

from plein.core.events import capture_events
from plein.governance.dlp.actions import (
    check_add_term,
    check_update_rule,
)
from plein.governance.dlp.errors import JustificationRequired, LeakBlocked
from plein.governance.dlp.models import DlpHit, DlpRule, HitAction
from plein.governance.dlp.tests.conftest import BSN_TEXT, IBAN_TEXT, MARKER_TEXT
from plein.posts.actions import check_create_comment, check_create_post
from plein.posts.models import Post, Withheld

pytestmark = pytest.mark.django_db


def test_bsn_blocks_and_says_what_where_and_why(alice: Any) -> None:
    with pytest.raises(LeakBlocked) as caught:
        check_create_post(alice, body=BSN_TEXT)
    error = caught.value
    assert error.code == "leak_blocked"
    assert error.field == "body"
    assert error.status == 400
    [finding] = error.data["findings"]
    assert finding["rule"] == "bsn"
    assert finding["match"] == "******333"
    assert finding["line"] == 1
    assert "******333" in str(error.message)
    assert "111222333" not in str(error.message)


def test_refusal_is_recorded_after_the_rollback(
    alice: Any, run_on_commit: Callable[..., Any]
) -> None:
    with pytest.raises(LeakBlocked) as caught:
        check_create_post(alice, body="Creditcard 4111 1111 1111 1111 graag")
    with capture_events() as events:
        run_on_commit(caught.value.record)
    hit = DlpHit.objects.get()
    assert (hit.person, hit.place, hit.rule, hit.action) == (
        alice,
        "post",
        "card",
        HitAction.BLOCKED,
    )
    assert hit.match == "**** **** **** 1111"
    assert hit.object_id is None
    assert not Post.objects.exists()
    assert [e.name for e in events] == ["dlp.hit.recorded"]
    assert "4111" not in str(events[0].payload)


def test_record_refusal_ignores_other_errors(alice: Any) -> None:
    from plein.core.errors import InvalidInput
    from plein.core.publishing import record_refusal

    record_refusal(InvalidInput("nope"))
    assert not DlpHit.objects.exists()


def test_a_refusal_is_recorded_once(
    alice: Any, run_on_commit: Callable[..., Any]
) -> None:
    with pytest.raises(LeakBlocked) as caught:
        check_create_post(alice, body="Creditcard 4111 1111 1111 1111 graag")
    run_on_commit(caught.value.record)
    run_on_commit(caught.value.record)
    assert DlpHit.objects.count() == 1


def test_warning_needs_a_justification(alice: Any) -> None:
    with pytest.raises(JustificationRequired) as caught:
        check_create_post(alice, body=MARKER_TEXT)
    assert caught.value.code == "justification_required"
    assert caught.value.field == "justification"
    assert caught.value.data["findings"][0]["rule"] == "marker"


def test_warning_with_justification_publishes_and_records(
    alice: Any, run_on_commit: Callable[..., Any]
) -> None:
    post = run_on_commit(
        check_create_post,
        alice,
        body=MARKER_TEXT,
        justification="Afgestemd met HR, mag gedeeld worden.",
    )
    assert post.withheld_at is None
    hit = DlpHit.objects.get()
    assert hit.action == HitAction.WARNED_PUBLISHED
    assert hit.justification == "Afgestemd met HR, mag gedeeld worden."
    assert hit.object_id == post.pk
    assert hit.content_type.model == "post"


def test_iban_holds_the_post_for_review(
    alice: Any, bob: Any, run_on_commit: Callable[..., Any]
) -> None:
    from plein.access.posts import can_view_post

    post = run_on_commit(check_create_post, alice, body=IBAN_TEXT)
    assert post.withheld_reason == Withheld.REVIEW
    assert can_view_post(alice, post)
    assert not can_view_post(bob, post)
    hit = DlpHit.objects.get()
    assert (hit.rule, hit.action, hit.object_id) == ("iban", HitAction.HELD, post.pk)


def test_comment_is_checked_too(
    alice: Any, bob: Any, make_post: Callable[..., Any]
) -> None:
    post = make_post(alice)
    with pytest.raises(LeakBlocked):
        check_create_comment(bob, post, body="Mijn bsn: 123 456 782")


def test_confidential_terms_from_the_admin_list(
    admin: Any, alice: Any, run_on_commit: Callable[..., Any]
) -> None:
    check_add_term(admin, term="Project Nachtegaal", kind="confidential")
    with pytest.raises(JustificationRequired) as caught:
        check_create_post(alice, body="Update over project nachtegaal")
    assert caught.value.data["findings"][0]["match"] == "project nachtegaal"


def test_disabled_rule_and_changed_action(
    admin: Any, alice: Any, run_on_commit: Callable[..., Any]
) -> None:
    rule = DlpRule.objects.get(code="marker")
    check_update_rule(admin, rule, enabled=False, action="warn")
    run_on_commit(check_create_post, alice, body=MARKER_TEXT)
    check_update_rule(admin, rule, enabled=True, action="block")
    with pytest.raises(LeakBlocked):
        check_create_post(alice, body=MARKER_TEXT)


def test_only_org_admins_change_rules(alice: Any) -> None:
    from plein.core.errors import Forbidden

    with pytest.raises(Forbidden):
        check_update_rule(
            alice, DlpRule.objects.get(code="bsn"), enabled=False, action="warn"
        )


def test_flagged_text_in_a_group_with_guests_names_the_guests(
    admin: Any,
    alice: Any,
    guest: Any,
    make_group: Callable[..., Any],
    make_post: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:
    group = make_group(alice, "Project met klant", members=(guest,))
    # Plain text in the group is not a leak.
    assert make_post(alice, body="Hallo allemaal", group=group).withheld_at is None
    with pytest.raises(JustificationRequired) as caught:
        check_create_post(alice, body=MARKER_TEXT, group=group)
    rules = [f["rule"] for f in caught.value.data["findings"]]
    assert rules == ["marker", "guests"]
    # Stricter in groups with guests: such text is held there.
    check_update_rule(
        admin, DlpRule.objects.get(code="guests"), enabled=True, action="hold"
    )
    post = run_on_commit(check_create_post, alice, body=MARKER_TEXT, group=group)
    assert post.withheld_reason == Withheld.REVIEW
    assert (
        run_on_commit(
            check_create_post, alice, body=MARKER_TEXT, justification="ok"
        ).withheld_at
        is None
    )


def test_guest_writing_in_their_group_is_not_warned_about_guests(
    alice: Any, guest: Any, make_group: Callable[..., Any]
) -> None:
    group = make_group(alice, "Project met klant", members=(guest,))
    with pytest.raises(JustificationRequired) as caught:
        check_create_post(guest, body=MARKER_TEXT, group=group)
    assert [f["rule"] for f in caught.value.data["findings"]] == ["marker"]


def test_group_without_guests_does_not_warn(
    alice: Any, bob: Any, make_group: Callable[..., Any], make_post: Callable[..., Any]
) -> None:
    group = make_group(alice, "Intern team", members=(bob,))
    assert make_post(alice, body="Hallo team", group=group).withheld_at is None


def test_marker_in_a_closed_group_of_colleagues_passes(
    alice: Any,
    bob: Any,
    guest: Any,
    make_group: Callable[..., Any],
    make_post: Callable[..., Any],
) -> None:
    closed = make_group(alice, "Directie", kind="closed", members=(bob,))
    assert make_post(alice, body=MARKER_TEXT, group=closed).withheld_at is None
    # With guests in it, or in an open group, the marker counts again.
    with pytest.raises(JustificationRequired):
        check_create_post(alice, body=MARKER_TEXT, group=make_group(alice, "Open team"))
    with_guests = make_group(alice, "Met klant", kind="closed", members=(guest,))
    with pytest.raises(JustificationRequired):
        check_create_post(alice, body=MARKER_TEXT, group=with_guests)
