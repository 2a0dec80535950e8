"""Invitations as iTIP: the request calendar clients accept, and the reply
that comes back through the mail gateway and updates the answer."""

from email import message_from_bytes
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest
from django.core import mail
from django.db import transaction
from icalendar import Calendar

from plein.engagement.events.actions import check_invite_group
from plein.engagement.events.models import Rsvp
from plein.mail.addresses import build_reply_address
from plein.mail.gateway.actions import do_receive_message
from plein.posts.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(alice, bob, make_group, plan, run_on_commit):
    """An event in a group, with Bob's invitation sent; (event, his mail)."""
    group = make_group(alice, "Team", kind="closed", members=(bob,))
    event = plan(alice, "Teamuitje", group=group)
    mail.outbox.clear()

    def invite():
        with transaction.atomic():
            check_invite_group(alice, event, group)

    run_on_commit(invite)
    (sent,) = mail.outbox
    return event, sent


def _calendar_of(message) -> Calendar:
    parsed = message_from_bytes(message.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "REQUEST"
    return Calendar.from_ical(part.get_payload(decode=True))


def test_request_names_the_invitee_and_a_reply_address_as_organiser(bob, invited):
    event, sent = invited
    calendar = _calendar_of(sent)
    assert str(calendar["METHOD"]) == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == event.uid
    assert str(vevent["ORGANIZER"]) == "mailto:" + build_reply_address(bob.pk, event.pk)
    attendee = vevent["ATTENDEE"]
    assert str(attendee) == f"mailto:{bob.email}"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert attendee.params["RSVP"] == "TRUE"
    assert sent.to == [bob.email]
    assert "Teamuitje" in sent.subject
    # Also attached as a file, for clients that only look there.
    assert any(name == "invite.ics" for name, *_rest in sent.attachments)


def _reply(sender, to, uid, partstat, message_id, attendee=None):
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mail client//EN\r\n"
        "METHOD:REPLY\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20280101T000000Z\r\n"
        f"ATTENDEE;PARTSTAT={partstat}:mailto:{attendee or sender}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    message = MIMEMultipart("alternative")
    message["From"] = sender
    message["To"] = to
    message["Subject"] = "Accepted: Teamuitje"
    message["Message-ID"] = f"<{message_id}@client.test>"
    message.attach(MIMEText("Bob has accepted this invitation.", "plain"))
    message.attach(MIMEText(calendar, "calendar", "utf-8"))
    message.get_payload()[1].set_param("method", "REPLY")
    return message.as_bytes()


@pytest.mark.parametrize(
    ("partstat", "answer"),
    [("ACCEPTED", "yes"), ("TENTATIVE", "maybe"), ("DECLINED", "no")],
)
def test_calendar_reply_to_the_organiser_address_sets_the_answer(
    bob, invited, partstat, answer
):
    event, _sent = invited
    address = build_reply_address(bob.pk, event.pk)
    outcome = do_receive_message(
        _reply(bob.email, address, event.uid, partstat, f"r-{partstat}"),
        envelope_recipients=[address],
    )
    assert outcome.smtp_code == 250
    assert Rsvp.objects.get(event=event, user=bob).answer == answer
    # A calendar reply is an answer, not a comment.
    assert not Comment.objects.filter(post_id=event.pk).exists()


def test_reply_from_someone_else_changes_nothing(bob, carol, invited):
    event, _sent = invited
    address = build_reply_address(bob.pk, event.pk)
    outcome = do_receive_message(
        _reply(carol.email, address, event.uid, "ACCEPTED", "spoof"),
        envelope_recipients=[address],
    )
    assert outcome.smtp_code >= 500
    assert not Rsvp.objects.filter(event=event).exists()


def test_reply_about_another_event_or_attendee_is_an_ordinary_reply(bob, invited):
    event, _sent = invited
    address = build_reply_address(bob.pk, event.pk)
    do_receive_message(
        _reply(
            bob.email,
            address,
            event.uid,
            "ACCEPTED",
            "other-attendee",
            attendee="someone@else.test",
        ),
        envelope_recipients=[address],
    )
    assert not Rsvp.objects.filter(event=event).exists()
    # Without a calendar answer of its own, it is a comment like any reply.
    assert Comment.objects.filter(post_id=event.pk, author=bob).exists()


def test_reply_after_losing_access_is_refused(alice, bob, invited):
    from plein.groups.actions import do_remove_member

    event, _sent = invited
    do_remove_member(event.post.group, bob)
    address = build_reply_address(bob.pk, event.pk)
    outcome = do_receive_message(
        _reply(bob.email, address, event.uid, "ACCEPTED", "gone"),
        envelope_recipients=[address],
    )
    assert outcome.smtp_code >= 500
    assert not Rsvp.objects.filter(event=event).exists()
