"""Invitations as iTIP requests (RFC 5546, RFC 6047), and their replies.

The invitation e-mail carries the event as a ``text/calendar;
method=REQUEST`` alternative (and as ``invite.ics``), which Outlook, Apple
Calendar, Gmail and Thunderbird show with accept/decline buttons. Its
ORGANIZER is the invitee's own reply address for the event's post
(``plein.mail.addresses``): the calendar client sends its METHOD:REPLY
there, the mail gateway checks that it comes from that person and hands the
calendar to :func:`handle_calendar_reply`, which updates the answer.
"""

import email.policy
import logging
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from plein.engagement.events.ical import build_calendar, build_vevent, parse_reply
from plein.engagement.events.models import Event, Rsvp
from plein.mail.addresses import ReplyTarget, build_reply_address
from plein.mail.outbound import (
    AutomaticEmail,
    build_absolute_url,
    build_list_headers,
    build_unsubscribe_url,
)
from plein.notifications.kinds import notification_kinds
from plein.notifications.models import Preference
from plein.people.models import User

logger = logging.getLogger(__name__)

INVITE_KIND = "event_invite"
# The answer already given, as the PARTSTAT the request shows.
PARTSTATS: dict[str, str] = {
    Rsvp.Answer.YES: "ACCEPTED",
    Rsvp.Answer.NO: "DECLINED",
    Rsvp.Answer.MAYBE: "TENTATIVE",
}


class CalendarEmail(AutomaticEmail):
    """An automatic e-mail whose text/calendar part names its iTIP method."""

    method = "REQUEST"

    def message(self, *, policy: Any = email.policy.default) -> Any:
        msg = super().message(policy=policy)
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                part.set_param("method", self.method)
        return msg


def build_when(event: Event) -> str:
    """The first start and end in the event's zone, in the active language."""
    zone = ZoneInfo(event.time_zone)
    start = event.starts_at.astimezone(zone)
    end = event.ends_at.astimezone(zone)
    text = formats.date_format(start, "DATETIME_FORMAT")
    if end.date() == start.date():
        text += " \N{EN DASH} " + formats.time_format(end, "TIME_FORMAT")
    else:
        text += " \N{EN DASH} " + formats.date_format(end, "DATETIME_FORMAT")
    return f"{text} ({event.time_zone})"


def build_request_ics(event: Event, user: User, method: str = "REQUEST") -> bytes:
    """The iTIP calendar for ``user`` (with the event's post loaded).

    ``method`` is "REQUEST" (an invitation, or its update: same UID, a
    higher SEQUENCE) or "CANCEL" (the event is called off, RFC 5546 3.2.5).
    """
    rsvp = Rsvp.objects.filter(event_id=event.pk, user_id=user.pk).first()
    partstat = PARTSTATS.get(rsvp.answer, "NEEDS-ACTION") if rsvp else "NEEDS-ACTION"
    organiser = event.post.author
    vevent = build_vevent(
        event,
        url=build_absolute_url(reverse("events:detail", args=[event.pk])),
        organizer=(build_reply_address(user.pk, event.pk), organiser.full_name),
        attendee=(user.email, user.full_name, partstat),
    )
    return build_calendar([(event, vevent)], method=method)


def wants_invitation_email(user: User) -> bool:
    """Whether the person left invitation e-mails on (the kind's default)."""
    pref = Preference.objects.filter(user_id=user.pk, kind=INVITE_KIND).first()
    if pref is not None and pref.email_enabled is not None:
        return bool(pref.email_enabled)
    return notification_kinds[INVITE_KIND].email_by_default


def build_invitation_email(
    event: Event, user: User, *, is_update: bool = False
) -> CalendarEmail:
    """The invitation with its calendar request, in ``user``'s language.

    Sent again with the same UID and a higher SEQUENCE when the event
    changes ("Updated invitation"), and as a METHOD:CANCEL when it is
    called off ("Cancelled"), so the invitee's calendar follows.
    """
    post = event.post
    method = "CANCEL" if event.is_cancelled else "REQUEST"
    with translation.override(user.language):
        unsubscribe_url = build_unsubscribe_url(user.pk, INVITE_KIND)
        if event.is_cancelled:
            subject = _("Cancelled: %(title)s") % {"title": post.title}
        elif is_update:
            subject = _("Updated invitation: %(title)s") % {"title": post.title}
        else:
            subject = _("Invitation: %(title)s") % {"title": post.title}
        context = {
            "subject": subject,
            "organiser": post.author.full_name,
            "title": post.title,
            "when": build_when(event),
            "location": event.location,
            "online_url": event.online_url,
            "url": build_absolute_url(reverse("events:detail", args=[event.pk])),
            "kind_label": notification_kinds[INVITE_KIND].label,
            "unsubscribe_url": unsubscribe_url,
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "recipient": user,
            "is_cancelled": event.is_cancelled,
            "is_update": is_update and not event.is_cancelled,
        }
        text = render_to_string("events/email/invitation.txt", context)
        html = render_to_string("events/email/invitation.html", context)
    ics = build_request_ics(event, user, method).decode()
    message = CalendarEmail(
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        reply_to=[build_reply_address(user.pk, event.pk)],
        headers={
            **build_list_headers(unsubscribe_url),
            "Message-ID": (
                f"<event-{event.pk}-invite-{user.pk}-{event.sequence}"
                f"@{settings.MAIL_DOMAIN}>"
            ),
        },
    )
    message.method = method
    message.attach_alternative(html, "text/html")
    message.attach_alternative(ics, "text/calendar")
    message.attach("invite.ics", ics, "application/ics")
    return message


def send_invitation_email(event: Event, user: User, *, is_update: bool = False) -> bool:
    """Send one invitation; False when it failed (logged, not raised).

    A person who switched invitation e-mails off is not mailed (True: the
    invitation is done; they have the notification in Plein).
    """
    if not user.email or not wants_invitation_email(user):
        return True
    try:
        build_invitation_email(event, user, is_update=is_update).send()
    except Exception:
        logger.exception("could not send the invitation to event %s", event.pk)
        return False
    return True


def handle_calendar_reply(sender: User, target: ReplyTarget, calendar: str) -> bool:
    """The mail gateway's reply handler: an iTIP REPLY updates the answer.

    Runs in the gateway's transaction. False when the mail holds no reply
    to the event of ``target`` (the gateway then treats it as a comment).
    """
    from plein.engagement.events.actions import do_apply_calendar_reply

    replies = parse_reply(calendar)
    if not replies:
        return False
    return do_apply_calendar_reply(sender, target.post_id, replies)
