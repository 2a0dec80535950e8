"""Changing and cancelling an event: who is told, what calendars receive,
what stops, and events on the office screens."""

import json
from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from plein.channels.screens.actions import check_create_screen
from plein.channels.screens.queries import build_screen_content
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.engagement.events.actions import (
    EventDetails,
    check_cancel_event,
    check_invite_group,
    check_rsvp,
    check_update_event,
    do_send_due_reminders,
    do_send_invitations,
)
from plein.engagement.events.models import Event, Rsvp
from plein.engagement.events.queries import build_event_ics
from plein.notifications.models import Notification
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


def _details(event, **changes):
    values = {
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "location": event.location,
        "online_url": event.online_url,
        "capacity": event.capacity,
        **changes,
    }
    return EventDetails(**values)


def _calendar(message):
    parsed = message_from_bytes(message.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_payload(decode=True))
    return part.get_param("method"), calendar


@pytest.fixture
def invited(alice, bob, carol, make_group, plan, run_on_commit):
    """An event in a closed group; Bob invited (his request sent), Carol going."""
    group = make_group(alice, "Team", kind="closed", members=(bob, carol))
    event = plan(alice, "Teamuitje", group=group)

    def invite():
        with transaction.atomic():
            check_invite_group(alice, event, group)

    run_on_commit(invite)
    check_rsvp(carol, event, Rsvp.Answer.YES)
    mail.outbox.clear()
    return event


def test_a_change_tells_who_answered_and_updates_invitees_calendars(
    alice, bob, carol, invited, run_on_commit
):
    event = invited
    later = event.starts_at + timedelta(days=1)
    changed = run_on_commit(
        check_update_event,
        alice,
        event,
        _details(event, starts_at=later, ends_at=later + timedelta(hours=2)),
    )
    assert changed.sequence == 1 and changed.starts_at == later
    # Carol answered "going": she is told in Plein. Both were invited, so
    # both calendars get the new version (Carol is not mailed twice).
    told = Notification.objects.filter(kind="event_changed")
    assert list(told.values_list("recipient_id", flat=True)) == [carol.pk]
    assert sorted(m.to[0] for m in mail.outbox) == [bob.email, carol.email]
    (sent,) = [m for m in mail.outbox if m.to == [bob.email]]
    assert "Teamuitje" in sent.subject and "Gewijzigde uitnodiging" in sent.subject
    method, calendar = _calendar(sent)
    (vevent,) = calendar.walk("VEVENT")
    assert method == "REQUEST"
    assert str(vevent["UID"]) == event.uid  # the same event, replaced
    assert int(vevent["SEQUENCE"]) == 1
    assert vevent.decoded("DTSTART") == later
    # A retried task sends nothing twice.
    assert do_send_invitations(event.pk) == 0


def test_saving_without_a_change_tells_nobody(alice, carol, invited, run_on_commit):
    event = invited
    unchanged = run_on_commit(check_update_event, alice, event, _details(event))
    assert unchanged.sequence == 0
    assert not Notification.objects.filter(kind="event_changed").exists()
    assert mail.outbox == []


def test_more_places_move_the_waiting_list_up(
    alice, bob, carol, make_person, plan, run_on_commit
):
    event = plan(alice, capacity=1)
    check_rsvp(bob, event, Rsvp.Answer.YES)
    assert check_rsvp(carol, event, Rsvp.Answer.YES).is_waiting
    run_on_commit(check_update_event, alice, event, _details(event, capacity=2))
    assert Rsvp.objects.get(user=carol).is_going
    # Carol hears she has a place; "changed" is not sent on top of it.
    kinds = set(
        Notification.objects.filter(recipient=carol).values_list("kind", flat=True)
    )
    assert kinds == {"event_promoted"}
    # Fewer places leave those going where they are.
    run_on_commit(check_update_event, alice, event, _details(event, capacity=1))
    assert Rsvp.objects.filter(is_waiting=False, answer="yes").count() == 2


def test_only_the_organiser_or_a_group_admin_changes_it(
    alice, bob, carol, make_person, invited
):
    with pytest.raises(Forbidden):
        check_update_event(bob, invited, _details(invited, location="Elders"))
    with pytest.raises(Forbidden):
        check_cancel_event(bob, invited)
    outsider = make_person("Olaf Buiten")
    # Someone outside the closed group learns nothing, not even that it exists.
    with pytest.raises(NotFound):
        check_update_event(outsider, invited, _details(invited, location="Elders"))
    with pytest.raises(NotFound):
        check_cancel_event(outsider, invited)


def test_bad_change_names_the_field(alice, invited):
    with pytest.raises(InvalidInput) as error:
        check_update_event(alice, invited, _details(invited, ends_at=invited.starts_at))
    assert error.value.field == "ends_at"
    assert Event.objects.get(pk=invited.pk).sequence == 0


def test_cancelling_tells_who_answered_and_removes_it_from_calendars(
    alice, bob, carol, invited, run_on_commit
):
    event = invited
    run_on_commit(check_cancel_event, alice, event)
    event.refresh_from_db()
    assert event.is_cancelled and event.sequence == 1
    told = Notification.objects.filter(kind="event_cancelled")
    assert list(told.values_list("recipient_id", flat=True)) == [carol.pk]
    assert sorted(m.to[0] for m in mail.outbox) == [bob.email, carol.email]
    (sent,) = [m for m in mail.outbox if m.to == [bob.email]]
    assert sent.subject == "Geannuleerd: Teamuitje"
    method, calendar = _calendar(sent)
    (vevent,) = calendar.walk("VEVENT")
    assert method == "CANCEL" and str(calendar["METHOD"]) == "CANCEL"
    assert str(vevent["STATUS"]) == "CANCELLED" and int(vevent["SEQUENCE"]) == 1
    # Cancelling again changes nothing and tells nobody again.
    run_on_commit(check_cancel_event, alice, event)
    assert told.count() == 1 and len(mail.outbox) == 2
    # No more answers, invitations or changes; no reminders.
    with pytest.raises(InvalidInput):
        check_rsvp(bob, event, Rsvp.Answer.YES)
    with pytest.raises(InvalidInput):
        check_update_event(alice, event, _details(event, location="Elders"))
    assert do_send_due_reminders(event.starts_at - timedelta(hours=2)) == 0
    # Its .ics (and so the personal feed) says it is cancelled.
    (vevent,) = Calendar.from_ical(build_event_ics(event)).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_an_invitation_never_sent_is_not_sent_after_cancelling(
    alice, bob, make_group, plan, run_on_commit
):
    from plein.engagement.events.models import Invitation

    group = make_group(alice, "Club", members=(bob,))
    event = plan(alice, group=group)
    Invitation.objects.create(event=event, user=bob, invited_by=alice)
    run_on_commit(check_cancel_event, alice, event)
    assert do_send_invitations(event.pk) == 0
    assert mail.outbox == []


def test_screens_show_upcoming_events_everyone_may_see(
    admin, alice, bob, make_group, plan, run_on_commit
):
    screen = check_create_screen(admin, name="Kantine", extra_sources=["events"])
    open_one = plan(alice, "Lunchlezing", capacity=30)
    closed = make_group(alice, "Directie", kind="closed", members=(bob,))
    hidden = plan(alice, "Reorganisatie-overleg", group=closed)
    far = plan(alice, "Zomerfeest", starts_at=timezone.now() + timedelta(days=60))
    check_rsvp(bob, open_one, Rsvp.Answer.YES)

    keys = [s.key for s in build_screen_content(screen)]
    assert any(k.startswith(f"event-{open_one.pk}-") for k in keys)
    assert not any(k.startswith(f"event-{hidden.pk}-") for k in keys)
    assert not any(k.startswith(f"event-{far.pk}-") for k in keys)
    (slide,) = [s for s in build_screen_content(screen) if s.kind == "event"]
    assert slide.data["title"] == "Lunchlezing"
    assert slide.data["going"] == 1 and slide.data["places_left"] == 29
    json.dumps(slide.data)  # the kiosk API answers it as it is

    run_on_commit(check_cancel_event, alice, open_one)
    assert not [s for s in build_screen_content(screen) if s.kind == "event"]


def _client(person):
    client = Client()
    client.force_login(person)
    return client


def test_change_and_cancel_from_the_event_page(alice, bob, carol, invited):
    event = invited
    page = _client(alice).get(f"/events/{event.pk}/")
    assert f"/events/{event.pk}/edit/" in page.content.decode()
    # A member who is not the organiser sees no such buttons, and is refused.
    assert (
        f"/events/{event.pk}/edit/"
        not in _client(bob).get(f"/events/{event.pk}/").content.decode()
    )
    assert _client(bob).get(f"/events/{event.pk}/edit/").status_code == 403

    form = _client(alice).get(f"/events/{event.pk}/edit/")
    assert form.status_code == 200
    later = timezone.localtime(event.starts_at) + timedelta(days=2)
    bad = _client(alice).post(
        f"/events/{event.pk}/edit/",
        {
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": later.strftime("%Y-%m-%dT%H:%M"),
            "location": "Zaal 3",
        },
    )
    assert bad.status_code == 200
    assert "moet eindigen nadat het begint" in bad.content.decode()  # Dutch UI
    assert 'value="Zaal 3"' in bad.content.decode()  # the input is kept
    done = _client(alice).post(
        f"/events/{event.pk}/edit/",
        {
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (later + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "location": "Zaal 3",
        },
    )
    assert done.status_code == 302
    event.refresh_from_db()
    assert event.location == "Zaal 3" and event.sequence == 1

    confirm = _client(alice).get(f"/events/{event.pk}/cancel/")
    assert confirm.status_code == 200 and "Teamuitje" in confirm.content.decode()
    _client(alice).post(f"/events/{event.pk}/cancel/")
    event.refresh_from_db()
    assert event.is_cancelled
    shown = _client(carol).get(f"/events/{event.pk}/").content.decode()
    assert "Dit evenement is geannuleerd" in shown
    assert f"/events/{event.pk}/rsvp/" not in shown


def test_api_changes_and_cancels(alice, bob, invited, make_person):
    event = invited
    headers = {"Authorization": f"Bearer {do_create_api_token(alice)[1]}"}
    client = Client()

    def call(method, path, data=None):
        return getattr(client, method)(
            f"/api/v1{path}",
            json.dumps(data or {}),
            content_type="application/json",
            headers=headers,
        )

    moved = call("patch", f"/events/{event.pk}", {"location": "Zaal 9"})
    assert moved.status_code == 200, moved.content
    assert moved.json()["location"] == "Zaal 9"
    assert moved.json()["starts_at"]  # the rest stays
    bad = call("patch", f"/events/{event.pk}", {"ends_at": event.starts_at.isoformat()})
    assert bad.status_code == 400 and bad.json()["field"] == "ends_at"
    done = call("post", f"/events/{event.pk}/cancel")
    assert done.status_code == 200 and done.json()["cancelled_at"]
    # For someone who cannot see the event: the same 404 as for none.
    outsider = make_person("Olaf Buiten")
    headers["Authorization"] = f"Bearer {do_create_api_token(outsider)[1]}"
    assert call("post", f"/events/{event.pk}/cancel").status_code == 404
    assert call("patch", f"/events/{event.pk}", {"location": "x"}).status_code == 404
