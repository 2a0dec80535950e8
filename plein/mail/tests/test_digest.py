"""The daily and weekly digest: contents, visibility and one per period."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from plein.announcements.actions import do_require_readers
from plein.announcements.tasks import send_reading_reminders
from plein.groups.actions import check_leave_group
from plein.mail.digest import send_digest
from plein.mail.outbound import (
    DIGEST,
    build_unsubscribe_url,
    parse_unsubscribe_token,
)
from plein.mail.tasks import send_daily_digests, send_weekly_digests
from plein.people.models import User
from plein.posts.actions import check_create_comment, do_delete_post

pytestmark = pytest.mark.django_db

# Monday 16 November 2026; the digest runs at 07:00 in Amsterdam (06:00 UTC).
WRITTEN = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)
NEXT_MORNING = datetime(2026, 11, 17, 6, 0, tzinfo=UTC)
DAY_AFTER = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)
REMINDER_DUE = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
THIRD_MORNING = datetime(2026, 11, 19, 6, 0, tzinfo=UTC)


def _html(message):
    [(content, _mimetype)] = message.alternatives
    return content


def _url(post):
    return settings.SITE_URL + reverse("posts:detail", args=[post.pk])


@pytest.fixture
def team(alice, bob, make_group):
    return make_group(alice, "Team", kind="closed", members=(bob,))


@pytest.fixture
def busy_day(alice, bob, carol, team, make_post, run_on_commit):
    """Monday: required reading, a mention and some posts in bob's group."""
    with time_machine.travel(WRITTEN, tick=False):
        required = make_post(alice, "Lees het beleid", title="Nieuw beleid")
        run_on_commit(do_require_readers, alice, required, [bob])
        mention = make_post(alice, "Hoi @bob, kijk even", title="Vraagje", group=team)
        quiet = make_post(alice, "Stil bericht", title="Stil", group=team)
        popular = make_post(alice, "Borrel vrijdag", title="Borrel", group=team)
        for body in ("Ja!", "Ik kom", "Gezellig"):
            run_on_commit(check_create_comment, alice, popular, body=body)
        elsewhere = make_post(carol, "Niet in bobs groepen", title="Elders")
    return {
        "required": required,
        "mention": mention,
        "quiet": quiet,
        "popular": popular,
        "elsewhere": elsewhere,
    }


def test_daily_digest_lists_required_reading_mentions_and_top_posts(
    bob, busy_day, mailoutbox
):
    mailoutbox.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        send_daily_digests.enqueue()
    [message] = [m for m in mailoutbox if m.to == [bob.email]]
    assert "Nieuw beleid" in message.body
    assert _url(busy_day["required"]) in message.body
    assert "Alice de Vries heeft je vermeld in Vraagje" in message.body
    assert _url(busy_day["mention"]) in message.body
    html = _html(message)
    for key in ("required", "mention", "popular", "quiet"):
        assert f'href="{_url(busy_day[key])}"' in html
    # Top posts: most comments and reactions first.
    assert html.index(">Borrel<") < html.index(">Stil<")
    assert "Elders" not in message.body
    headers = message.message()
    token = headers["List-Unsubscribe"].strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert parse_unsubscribe_token(token) == (bob.pk, DIGEST)
    assert build_unsubscribe_url(bob.pk, DIGEST).startswith(
        headers["List-Unsubscribe"][1:].split(token)[0]
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["Auto-Submitted"] == "auto-generated"


def test_digest_is_in_the_persons_language(bob, busy_day, mailoutbox):
    User.objects.filter(pk=bob.pk).update(language="en")
    mailoutbox.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        send_daily_digests.enqueue()
    [message] = [m for m in mailoutbox if m.to == [bob.email]]
    assert "Alice de Vries mentioned you in Vraagje" in message.body
    assert '<html lang="en">' in _html(message)


def test_digest_is_sent_once_per_period(
    alice, bob, team, busy_day, make_post, mailoutbox
):
    mailoutbox.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        assert send_daily_digests.enqueue().return_value >= 1
        assert send_daily_digests.enqueue().return_value == 0
    assert len([m for m in mailoutbox if m.to == [bob.email]]) == 1
    # The next day brings nothing new: Monday's mention and posts do not
    # come back, and the open required reading alone brings no summary,
    # not even when its reminder falls due (it waits on the home page) ...
    mailoutbox.clear()
    with time_machine.travel(DAY_AFTER, tick=False):
        send_daily_digests.enqueue()
    with time_machine.travel(REMINDER_DUE, tick=False):
        send_reading_reminders.enqueue()
    assert not [
        m for m in mailoutbox if m.to == [bob.email] and "samenvatting" in m.subject
    ]
    # ... but it is listed in the next summary that goes out.
    with time_machine.travel(REMINDER_DUE, tick=False):
        make_post(alice, "Wie komt er?", title="Uitje", group=team)
    mailoutbox.clear()
    with time_machine.travel(THIRD_MORNING, tick=False):
        send_daily_digests.enqueue()
    [message] = [m for m in mailoutbox if m.to == [bob.email]]
    assert "Nieuw beleid" in message.body
    assert "Uitje" in message.body
    assert "Vraagje" not in message.body


def test_weekly_digest_covers_the_week_and_daily_run_skips_it(
    bob, busy_day, mailoutbox
):
    User.objects.filter(pk=bob.pk).update(digest_frequency="weekly")
    mailoutbox.clear()
    monday = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    with time_machine.travel(monday, tick=False):
        send_daily_digests.enqueue()
        assert not [m for m in mailoutbox if m.to == [bob.email]]
        send_weekly_digests.enqueue()
        send_weekly_digests.enqueue()
    [message] = [m for m in mailoutbox if m.to == [bob.email]]
    assert "Borrel" in message.body
    assert "Vraagje" in message.body


def test_digest_respects_visibility(alice, bob, team, busy_day, mailoutbox):
    do_delete_post(alice, busy_day["required"])
    check_leave_group(bob, team)
    mailoutbox.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        send_daily_digests.enqueue()
    # Nothing bob may still see happened: no digest at all.
    assert [m for m in mailoutbox if m.to == [bob.email]] == []
    bob.refresh_from_db()
    assert bob.last_digest_at is not None


def test_other_people_do_not_get_bobs_group(carol, busy_day, mailoutbox):
    mailoutbox.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        send_daily_digests.enqueue()
    assert [m for m in mailoutbox if m.to == [carol.email]] == []


def test_no_digest_when_off_or_deactivated(bob, busy_day, mailoutbox):
    from plein.people.actions import do_deactivate_person

    User.objects.filter(pk=bob.pk).update(digest_frequency="off")
    bob.refresh_from_db()
    with time_machine.travel(NEXT_MORNING, tick=False):
        assert send_digest(bob) is False
    User.objects.filter(pk=bob.pk).update(digest_frequency="daily")
    do_deactivate_person(bob)
    mailoutbox.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        send_daily_digests.enqueue()
    assert mailoutbox == []


def test_a_failed_digest_is_given_back(bob, busy_day, mailoutbox, monkeypatch):
    def fail(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", fail)
    with time_machine.travel(NEXT_MORNING, tick=False):
        assert send_digest(bob) is False
    bob.refresh_from_db()
    assert bob.last_digest_at is None
    monkeypatch.undo()
    mailoutbox.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        assert send_digest(bob) is True
    assert len(mailoutbox) == 1


# Alert matches (the alerts app's digest interface) ------------------------------


@pytest.fixture
def make_alert(run_on_commit):
    alerts = pytest.importorskip("plein.alerts.queries")
    assert alerts.list_digest_hits
    from plein.alerts.actions import check_create_alert
    from plein.alerts.matching import forget_alert_index

    # The alert index lives in the process; this test's database is new.
    forget_alert_index()

    def make(user, query, **kwargs):
        return run_on_commit(
            check_create_alert, user, name=query, query=query, **kwargs
        )

    yield make
    forget_alert_index()


def test_digest_lists_alert_matches_once(alice, bob, make_alert, make_post, mailoutbox):
    from plein.alerts.queries import list_digest_hits

    with time_machine.travel(WRITTEN, tick=False):
        make_alert(alice, "vergadering", frequency="daily", channel="email")
        post = make_post(bob, "Vergadering over de begroting")
    mailoutbox.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        send_daily_digests.enqueue()
    [message] = [m for m in mailoutbox if m.to == [alice.email]]
    assert _url(post) in message.body
    assert "vergadering" in _html(message)
    assert list_digest_hits(alice, frequency="daily") == []


def test_alert_matches_come_alone_when_the_digest_is_off(
    alice, bob, make_alert, make_post, mailoutbox
):
    User.objects.filter(pk=alice.pk).update(digest_frequency="off")
    with time_machine.travel(WRITTEN, tick=False):
        make_alert(alice, "vergadering", frequency="weekly", channel="email")
        post = make_post(bob, "Vergadering over de begroting")
    mailoutbox.clear()
    with time_machine.travel(datetime(2026, 11, 23, 6, 0, tzinfo=UTC), tick=False):
        send_weekly_digests.enqueue()
        send_weekly_digests.enqueue()
    [message] = [m for m in mailoutbox if m.to == [alice.email]]
    assert _url(post) in message.body
    token = message.extra_headers["List-Unsubscribe"].strip("<>/").rsplit("/", 1)[1]
    assert parse_unsubscribe_token(token)[1] == "alert"
    alice.refresh_from_db()
    assert alice.last_digest_at is None


def test_alert_matches_no_longer_visible_are_left_out(
    alice, bob, make_alert, make_post, mailoutbox
):
    with time_machine.travel(WRITTEN, tick=False):
        make_alert(alice, "vergadering", frequency="daily", channel="email")
        post = make_post(bob, "Vergadering over de begroting")
    do_delete_post(bob, post)
    mailoutbox.clear()
    with time_machine.travel(NEXT_MORNING, tick=False):
        send_daily_digests.enqueue()
    assert [m for m in mailoutbox if m.to == [alice.email]] == []


def test_unsubscribing_from_alert_mail_moves_alerts_in_app(alice, make_alert, client):
    from plein.alerts.models import AlertSubscription
    from plein.mail.outbound import build_unsubscribe_token

    make_alert(alice, "vergadering", frequency="daily", channel="email")
    url = reverse("mail:unsubscribe", args=[build_unsubscribe_token(alice.pk, "alert")])
    assert client.post(url).status_code == 200
    assert AlertSubscription.objects.get(user=alice).channel == "in_app"
