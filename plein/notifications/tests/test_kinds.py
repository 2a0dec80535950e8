"""The registry of notification kinds, targets and channels."""

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from plein.core.errors import InvalidInput
from plein.notifications.actions import (
    check_set_email_preference,
    check_set_preference,
    do_notify,
)
from plein.notifications.kinds import (
    listed_kinds,
    notification_channels,
    notification_kinds,
    notification_targets,
    register_notification_kind,
)
from plein.notifications.models import Notification, Preference
from plein.notifications.presentation import (
    build_notification_sentence,
    build_notification_url,
)
from plein.posts.actions import check_create_comment

# Every kind and the app that owns it (and so registers it).
EXPECTED_KINDS = {
    "mention": "posts",
    "reply": "posts",
    "reaction": "posts",
    "group_post": "groups",
    "join_request": "groups",
    "follower": "people",
    "group_invite": "groups",
    "required_reading": "announcements",
    "mail_to_read": "mail",
    "reading_reminder": "announcements",
    "alert": "alerts",
    "mail_posted": "mail",
    "moderation": "moderation",
    "question_invite": "qna",
    "question_offer": "qna",
    "answer_accepted": "qna",
    "wiki_stale": "wiki",
    "kudos_received": "kudos",
    "webhook_disabled": "webhooks",
    "scheduled_failed": "scheduling",
    "poll_closed": "polls",
    "event_invite": "events",
    "event_promoted": "events",
    "event_reminder": "events",
    "event_changed": "events",
    "event_cancelled": "events",
    "survey_round": "surveys",
    "survey_reminder": "surveys",
    "group_inactive": "insights",
    "vacancy_new": "vacancies",
    "vacancy_application": "vacancies",
    "vacancy_applied": "vacancies",
    "onboarding_assigned": "onboarding",
    "onboarding_due": "onboarding",
    "referral_status": "referrals",
    "referral_new": "referrals",
    "candidate_shared": "referrals",
    "pool_suggestions": "referrals",
    "wall_approved": "wall",
    "wall_rejected": "wall",
    "mention_watched": "listening_watches",
    "triage_assigned": "listening_triage",
}


def test_the_registry_lists_exactly_the_expected_kinds_with_their_apps():
    assert {kind.code: kind.app for kind in notification_kinds.values()} == (
        EXPECTED_KINDS
    )
    for kind in notification_kinds.values():
        # Registered from the owning app's own code, not on its behalf.
        owner = apps.get_containing_app_config(kind.sentence.__module__)
        assert owner is not None and owner.label == kind.app, kind.code


def test_the_settings_page_order_starts_with_the_base_kinds():
    assert [kind.code for kind in listed_kinds()] == list(EXPECTED_KINDS)


def test_email_defaults_are_unchanged():
    by_default = {k.code for k in notification_kinds.values() if k.email_by_default}
    assert by_default == {
        "required_reading",
        "reading_reminder",
        "mention",
        "reply",
        "join_request",
        "group_invite",
        # Events: the invitation's calendar request, a place that became
        # free, the day-before reminder, and a change or cancellation of an
        # event one answered (plein.engagement.events).
        "event_invite",
        "event_promoted",
        "event_reminder",
        "event_changed",
        "event_cancelled",
        # A scheduled post that could not be published (plein.engagement.scheduling).
        "scheduled_failed",
        # News about one's own application (plein.careers.vacancies).
        "vacancy_application",
        # Someone's manager or buddy in an onboarding (plein.careers.onboarding).
        "onboarding_assigned",
    }
    # Posts made from e-mail reach people in Plein and in the daily summary:
    # e-mailing each would undo the saving (docs/mail.md).
    assert not notification_kinds["mail_to_read"].email_by_default
    assert not notification_kinds["mail_posted"].email_by_default
    # Reactions can be e-mailed, but only when the person asks for it.
    assert notification_kinds["reaction"].email
    assert not notification_kinds["reaction"].email_by_default


def test_targets_and_channels_are_registered_by_their_apps():
    assert set(notification_targets) == {
        "posts.comment",
        "groups.group",
        "wiki.page",
        "scheduling.scheduledpost",
        "surveys.round",
        "kudos.kudos",
        "vacancies.application",
        "onboarding.onboardingplan",
        "onboarding.onboardingtask",
        "referrals.referral",
        "referrals.candidateshare",
        "listening_watches.watchmatch",
        "listening_triage.triage",
    }
    assert "email" in notification_channels


def test_a_kind_is_registered_once():
    with pytest.raises(ImproperlyConfigured):
        register_notification_kind(
            "mention",
            app="posts",
            label="Again",
            sentence=lambda n: "{actor}",
            url=lambda n: "/",
        )
    assert notification_kinds["mention"].label != "Again"


def test_a_groupable_kind_needs_a_grouped_sentence():
    with pytest.raises(ImproperlyConfigured):
        register_notification_kind(
            "test_grouped",
            app="notifications",
            label="Grouped",
            sentence=lambda n: "{actor}",
            url=lambda n: "/",
            groupable=True,
        )
    assert "test_grouped" not in notification_kinds


def test_a_kind_that_cannot_be_emailed_is_not_emailed_by_default():
    with pytest.raises(ImproperlyConfigured):
        register_notification_kind(
            "test_quiet",
            app="notifications",
            label="Quiet",
            sentence=lambda n: "{actor}",
            url=lambda n: "/",
            email=False,
            email_by_default=True,
        )


def _sample(code, alice, bob, post, comment, group):
    """A notification of ``code`` as its app writes it (not saved)."""
    notification = Notification(
        kind=code,
        key=f"{code}:hidden:post:{post.pk}:1",
        recipient=alice,
        actor=bob,
        post=post,
    )
    if code in {"join_request", "group_invite"}:
        notification.post = None
        notification.target = group
    elif code in {"reply", "answer_accepted"}:
        notification.target = comment
    elif code in {"wiki_stale", "follower"}:
        notification.post = None
    return notification


def _render(notification, language):
    """The sentence as a reader sees it: the text without the markup."""
    with translation.override(language):
        return strip_tags(build_notification_sentence(notification))


@pytest.mark.parametrize("code", list(EXPECTED_KINDS))
def test_every_kind_reads_in_dutch_and_english_and_has_a_link_and_label(
    code, alice, bob, make_group, make_post
):
    group = make_group(bob, "Tuinclub", members=(alice,))
    post = make_post(bob, "Wie helpt er zaterdag?", title="Snoeien", group=group)
    comment = check_create_comment(alice, post, body="Ik!")
    notification = _sample(code, alice, bob, post, comment, group)
    fallback = Notification(kind="gone", key="x", recipient=alice, actor=bob)
    english, dutch = _render(notification, "en"), _render(notification, "nl")
    assert english != _render(fallback, "en")
    assert dutch != _render(fallback, "nl")
    assert dutch != english  # the catalogue has the Dutch sentence
    for text in (english, dutch):
        assert "{" not in text and "}" not in text
    if "{actor}" in notification_kinds[code].sentence(notification):
        assert "Bob Jansen" in english
    assert build_notification_url(notification).startswith("/")
    kind = notification_kinds[code]
    with translation.override("en"):
        label_en = str(kind.label)
    with translation.override("nl"):
        label_nl = str(kind.label)
    assert label_en and label_nl and label_en != label_nl


def test_links_lead_to_the_thing_the_notification_is_about(
    alice, bob, make_group, make_post
):
    group = make_group(bob, "Tuinclub", "closed", members=(alice,))
    post = make_post(bob, "Snoeien", group=group)
    comment = check_create_comment(alice, post, body="Ik!")
    reply = _sample("reply", alice, bob, post, comment, group)
    assert build_notification_url(reply) == (
        reverse("posts:detail", args=[post.pk]) + f"#comment-{comment.pk}"
    )
    join = _sample("join_request", alice, bob, post, comment, group)
    assert build_notification_url(join) == reverse("groups:requests", args=[group.slug])
    invite = _sample("group_invite", alice, bob, post, comment, group)
    assert build_notification_url(invite) == reverse("groups:detail", args=[group.slug])
    follower = _sample("follower", alice, bob, post, comment, group)
    assert build_notification_url(follower) == reverse(
        "people:profile", args=[bob.handle]
    )


@pytest.mark.parametrize(
    "code", [kind.code for kind in notification_kinds.values() if kind.groupable]
)
def test_grouped_sentences_read_in_dutch_and_english(code, alice, bob, make_post):
    post = make_post(alice, "Nieuws", title="Kwartaalcijfers")
    notification = Notification(
        kind=code, key="k", recipient=alice, actor=bob, post=post
    )
    notification.group_count = 7
    assert "Bob Jansen and 6 others" in _render(notification, "en")
    assert "Bob Jansen en 6 anderen" in _render(notification, "nl")
    notification.group_count = 2
    assert "Bob Jansen and 1 other " in _render(notification, "en")
    assert "Bob Jansen en 1 ander " in _render(notification, "nl")


def test_an_unknown_kind_is_refused_in_preferences(alice):
    for check in (
        lambda: check_set_preference(alice, "gossip", is_enabled=False),
        lambda: check_set_email_preference(alice, "gossip", email_enabled=True),
    ):
        with pytest.raises(InvalidInput) as error:
            check()
        assert error.value.field == "kind"
    assert not Preference.objects.filter(user=alice).exists()


def test_an_unknown_kind_or_target_model_is_refused_by_do_notify(alice, bob):
    with pytest.raises(LookupError):
        do_notify([alice.pk], kind="gossip", key="g")
    # A target without a visibility rule could never be hidden again.
    with pytest.raises(LookupError):
        do_notify([alice.pk], kind="follower", key="f", target=bob)
    assert not Notification.objects.exists()


@pytest.fixture
def quiet_kind():
    """A kind that is off by default and may never be e-mailed."""
    kind = register_notification_kind(
        "test_quiet",
        app="notifications",
        label="Quiet things",
        sentence=lambda n: "{actor} did a quiet thing",
        url=lambda n: "/",
        email=False,
        default_enabled=False,
    )
    yield kind
    notification_kinds.unregister("test_quiet")


def test_a_kind_off_by_default_reaches_only_those_who_switch_it_on(
    quiet_kind, alice, bob, carol
):
    assert do_notify([alice.pk, carol.pk], kind="test_quiet", key="q1") == 0
    check_set_preference(alice, "test_quiet", is_enabled=True)
    assert do_notify([alice.pk, carol.pk], kind="test_quiet", key="q2") == 1
    assert Notification.objects.get(key="q2").recipient == alice


def test_a_kind_that_cannot_be_emailed_refuses_email_and_has_no_checkbox(
    quiet_kind, client, alice
):
    with pytest.raises(InvalidInput) as error:
        check_set_email_preference(alice, "test_quiet", email_enabled=True)
    assert error.value.field == "kind"
    client.force_login(alice)
    form = client.get(reverse("people:settings-notifications")).context["form"]
    assert "test_quiet" in form.fields
    assert "email_test_quiet" not in form.fields
    assert "email_mention" in form.fields
