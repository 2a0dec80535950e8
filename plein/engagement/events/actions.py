"""Every change to events: creating, answering, inviting and reminding.

``check_*`` validates and authorises through ``plein.access``, then calls the
matching ``do_*``, which mutates and emits events after commit. Creating an
event publishes a post of kind "event" (``check_publish_post``), so the
guidelines, leak prevention, the feed, search and notifications apply as for
any post. Callers run inside a transaction (views and the API use
``atomic(durable=True)``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.events import (
    can_create_event,
    can_edit_event,
    can_invite_to_event,
    can_rsvp_to_event,
)
from plein.access.groups import can_view_group_content
from plein.access.people import is_active_person
from plein.access.posts import readers_among
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.engagement.events.ical import (
    MAX_OCCURRENCES,
    CalendarReply,
    build_last_ends_at,
    build_rrule,
    expand_occurrences,
)
from plein.engagement.events.models import (
    DEFAULT_TIME_ZONE,
    EVENT,
    Event,
    Invitation,
    Repeat,
    Rsvp,
)
from plein.groups.models import Group, Membership
from plein.notifications.actions import do_notify
from plein.people.models import User
from plein.posts.actions import check_publish_post
from plein.posts.models import Post
from plein.posts.publishing import PostDraft

MAX_CAPACITY = 100_000
MAX_LENGTH = timedelta(days=14)  # one occurrence
MAX_AHEAD = timedelta(days=3 * 366)
LOCATION_LENGTH = 200
URL_LENGTH = 500
# Reminders go to those going, for occurrences starting within this window.
REMINDER_AHEAD = timedelta(hours=24)
# iTIP PARTSTAT → answer (RFC 5545 3.2.12); anything else changes nothing.
PARTSTAT_ANSWERS = {
    "ACCEPTED": Rsvp.Answer.YES,
    "DECLINED": Rsvp.Answer.NO,
    "TENTATIVE": Rsvp.Answer.MAYBE,
}


@dataclass
class EventDetails:
    """What makes a post an event; carried in ``PostDraft.kind_data``."""

    starts_at: datetime
    ends_at: datetime
    location: str = ""
    online_url: str = ""
    capacity: int | None = None
    repeat: str = ""
    repeat_count: int | None = None


def check_create_event(
    actor: User,
    details: EventDetails,
    *,
    title: str,
    body: str = "",
    group: Group | None = None,
    language: str | None = None,
    justification: str = "",
    source: str = "web",
) -> Post:
    """Create an event organisation-wide or in ``group`` (from ``access_group``).

    The event is a post of kind "event", published like any post
    (``check_publish_post``: who may post there, guidelines, leak
    prevention), which may refuse it (InvalidInput naming the field) or hold
    it for review. Without a description the title is the post's text.
    Emits ``events.event.created`` after ``posts.post.created``.
    """
    if not can_create_event(actor, group):
        if group is not None:
            raise Forbidden(pgettext("permission", "Join the group to post in it."))
        raise Forbidden()
    return check_publish_post(
        actor,
        PostDraft(
            body=body.strip() or title,
            title=title,
            group=group,
            language=language,
            kind=EVENT,
            kind_data={"event": details},
            justification=justification,
            source=source,
        ),
    )


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise InvalidInput(
            _("Give a web address starting with https://."), field="online_url"
        )
    if len(url) > URL_LENGTH:
        raise InvalidInput(_("The link is too long."), field="online_url")
    return url


def clean_event(actor: User, draft: PostDraft) -> None:
    """The event kind's rules: a title, a sensible time, a place or a link."""
    if not (draft.title or "").strip():
        raise InvalidInput(_("An event needs a title."), field="title")
    clean_details(draft.kind_data.get("event"))


def clean_details(details: Any) -> None:
    """A sensible time, a place or a link, a capacity, a repeat (cleans in place)."""
    if not isinstance(details, EventDetails):
        raise InvalidInput(_("An event needs a start and an end."), field="starts_at")
    for name in ("starts_at", "ends_at"):
        moment = getattr(details, name)
        if not isinstance(moment, datetime) or timezone.is_naive(moment):
            raise InvalidInput(_("Give a date and a time."), field=name)
    if details.ends_at <= details.starts_at:
        raise InvalidInput(_("The event must end after it starts."), field="ends_at")
    if details.ends_at - details.starts_at > MAX_LENGTH:
        raise InvalidInput(_("An event lasts at most 14 days."), field="ends_at")
    if details.starts_at > timezone.now() + MAX_AHEAD:
        raise InvalidInput(_("An event starts within three years."), field="starts_at")
    details.location = " ".join((details.location or "").split())
    if len(details.location) > LOCATION_LENGTH:
        raise InvalidInput(_("The place is at most 200 characters."), field="location")
    details.online_url = _clean_url(details.online_url)
    if not details.location and not details.online_url:
        raise InvalidInput(
            _("Give a place, an online link, or both."), field="location"
        )
    if details.capacity is not None and not 1 <= details.capacity <= MAX_CAPACITY:
        raise InvalidInput(
            _("The number of places is between 1 and 100000."), field="capacity"
        )
    if details.repeat not in Repeat.values:
        raise InvalidInput(_("Choose how the event repeats."), field="repeat")
    if details.repeat and not (
        details.repeat_count is not None
        and 2 <= details.repeat_count <= MAX_OCCURRENCES
    ):
        raise InvalidInput(
            _("A repeating event happens 2 to %(max)d times.")
            % {"max": MAX_OCCURRENCES},
            field="repeat_count",
        )


def do_create_event(post: Post, draft: PostDraft) -> None:
    """Create the event's row next to its new post.

    The event kind's ``created`` hook: runs in the post's transaction,
    before ``posts.post.created``. Emits ``events.event.created``.
    """
    details: EventDetails = draft.kind_data["event"]
    event = Event(
        post=post,
        starts_at=details.starts_at,
        ends_at=details.ends_at,
        time_zone=DEFAULT_TIME_ZONE,
        location=details.location,
        online_url=details.online_url,
        capacity=details.capacity,
        rrule=build_rrule(details.repeat, details.repeat_count),
    )
    event.last_ends_at = build_last_ends_at(event)
    event.save(force_insert=True)
    emit_on_commit(
        "events.event.created",
        {"post_id": post.pk, "group_id": post.group_id},
        [post.author_id],
        actor_id=post.author_id,
    )


# Answers ----------------------------------------------------------------------


def check_rsvp(actor: User, event: Event, answer: str) -> Rsvp:
    """Answer yes, maybe or no to an event the actor may see.

    ``event`` comes from ``access_event``. Raises InvalidInput (field
    ``answer``) for another answer and NotFound for an event the actor may
    not see. With a capacity, a "yes" beyond it waits for a place.
    """
    if answer not in Rsvp.Answer.values:
        raise InvalidInput(_("Answer yes, maybe or no."), field="answer")
    if not is_active_person(actor) or not can_rsvp_to_event(actor, event):
        raise NotFound()
    if event.is_cancelled:
        raise InvalidInput(_("This event has been cancelled."), field="answer")
    return do_rsvp(actor, event, answer)


def do_rsvp(actor: User, event: Event, answer: str) -> Rsvp:
    """Record the answer, keeping the capacity whatever runs at the same time.

    Locks the event's row (``select_for_update``; on SQLite the IMMEDIATE
    transaction already serialises writers), so two sign-ups for the last
    place cannot both take it. Someone going who answers otherwise frees
    their place: the first on the waiting list moves up and is notified
    (``event_promoted``). Must run inside a transaction. Emits
    ``events.rsvp.changed``.
    """
    locked = Event.objects.select_for_update().get(pk=event.pk)
    existing = Rsvp.objects.filter(event_id=event.pk, user_id=actor.pk).first()
    if existing is not None and existing.answer == answer:
        return existing  # the same answer again changes nothing (not its turn)
    was_going = existing is not None and existing.is_going
    is_waiting = False
    if answer == Rsvp.Answer.YES and locked.capacity is not None:
        is_waiting = _going_count(locked) >= locked.capacity
    rsvp, _created = Rsvp.objects.update_or_create(
        event_id=event.pk,
        user_id=actor.pk,
        defaults={
            "answer": answer,
            "is_waiting": is_waiting,
            "answered_at": timezone.now(),
        },
    )
    promoted = _fill_places(locked, event) if was_going else []
    emit_on_commit(
        "events.rsvp.changed",
        {
            "post_id": event.pk,
            "answer": answer,
            "is_waiting": is_waiting,
            "promoted_ids": promoted,
        },
        [actor.pk],
        actor_id=actor.pk,
    )
    return rsvp


def _going_count(event: Event) -> int:
    return Rsvp.objects.filter(
        event_id=event.pk, answer=Rsvp.Answer.YES, is_waiting=False
    ).count()


def _fill_places(locked: Event, event: Event) -> list[int]:
    """Move people up from the waiting list while there is room; their ids."""
    if locked.capacity is None:
        return []
    free = locked.capacity - _going_count(locked)
    if free <= 0:
        return []
    waiting = list(
        Rsvp.objects.filter(event_id=locked.pk, answer=Rsvp.Answer.YES, is_waiting=True)
        .order_by("answered_at", "pk")
        .values_list("pk", "user_id", "answered_at")[:free]
    )
    if not waiting:
        return []
    Rsvp.objects.filter(pk__in=[row[0] for row in waiting]).update(is_waiting=False)
    for _pk, user_id, answered_at in waiting:
        # One per sign-up: signing up again later may be promoted again.
        do_notify(
            [user_id],
            kind="event_promoted",
            key=f"event_promoted:{event.pk}:{answered_at.timestamp():.6f}",
            post_id=event.pk,
        )
    return [row[1] for row in waiting]


# Invitations ---------------------------------------------------------------------


def check_invite_group(actor: User, event: Event, group: Group) -> int:
    """Invite the members of ``group`` (from ``access_group``) to the event.

    Only the organiser or an admin of the event's group (Forbidden
    otherwise), and only a group whose members the actor may see (NotFound).
    Only members who may see the event are invited; each once. Returns how
    many were invited now. Each gets a notification and an e-mail with a
    calendar request (iTIP REQUEST) they can accept in their calendar.
    """
    if not can_invite_to_event(actor, event):
        if can_rsvp_to_event(actor, event):
            raise Forbidden(
                pgettext(
                    "permission",
                    "Only the organiser or an admin of the group can invite.",
                )
            )
        raise NotFound()
    if event.is_cancelled:
        raise InvalidInput(_("This event has been cancelled."), field="group_id")
    if not can_view_group_content(actor, group):
        raise NotFound(field="group_id")
    member_ids = Membership.objects.filter(
        group_id=group.pk, user__is_active=True
    ).values_list("user_id", flat=True)
    return do_invite(actor, event, member_ids)


def do_invite(actor: User, event: Event, user_ids: Iterable[int]) -> int:
    """Invite the people among ``user_ids`` who may see the event, once each.

    Writes the invitations, notifies (``event_invite``) and enqueues the
    calendar requests after commit. Emits ``events.invitations.sent``.
    """
    readers = readers_among(event.post, {int(i) for i in user_ids} - {actor.pk})
    already = set(
        Invitation.objects.filter(event_id=event.pk, user_id__in=readers).values_list(
            "user_id", flat=True
        )
    )
    new = sorted(readers - already)
    if not new:
        return 0
    Invitation.objects.bulk_create(
        [Invitation(event_id=event.pk, user_id=i, invited_by=actor) for i in new],
        ignore_conflicts=True,
    )
    do_notify(
        new,
        kind="event_invite",
        key=f"event_invite:{event.pk}",
        actor_id=actor.pk,
        post_id=event.pk,
        # The e-mail is the calendar request (send_invitations), not this.
        wants_email=False,
    )
    from plein.engagement.events.tasks import send_invitations

    enqueue_on_commit(send_invitations, post_id=event.pk)
    emit_on_commit(
        "events.invitations.sent",
        {"post_id": event.pk, "count": len(new)},
        [actor.pk],
        actor_id=actor.pk,
    )
    return len(new)


def do_send_invitations(post_id: int) -> int:
    """Send each invitee what their calendar has not received yet.

    A new invitation gets the calendar request; after a change (a higher
    ``Event.sequence``) those already sent get the updated request, and
    after a cancellation a METHOD:CANCEL (an invitation never sent is then
    not sent at all). Claimed per invitation with a conditional update on
    ``sent_sequence``/``sent_at``, so a retried or overlapping task sends
    each version once; a failed send releases the claim. The invitee must
    still be able to see the event. Returns how many were sent.
    """
    from plein.engagement.events.mail import send_invitation_email

    found = (
        Event.objects.select_related("post", "post__author").filter(pk=post_id).first()
    )
    if found is None or found.post.deleted_at is not None:
        return 0
    behind = Q(sent_at__isnull=False, sent_sequence__lt=found.sequence)
    if not found.is_cancelled:
        behind |= Q(sent_at__isnull=True)
    pending = {
        row[0]: row[1:]
        for row in Invitation.objects.filter(behind, event_id=post_id).values_list(
            "user_id", "sent_at", "sent_sequence"
        )
    }
    readers = readers_among(found.post, list(pending))
    sent = 0
    for user in User.objects.filter(pk__in=readers, is_active=True).order_by("pk"):
        was_sent, was_sequence = pending[user.pk]
        claimed = (
            Invitation.objects.filter(event_id=post_id, user_id=user.pk)
            .filter(behind)
            .update(sent_at=timezone.now(), sent_sequence=found.sequence)
        )
        if not claimed:
            continue
        if send_invitation_email(found, user, is_update=was_sent is not None):
            sent += 1
        else:
            Invitation.objects.filter(event_id=post_id, user_id=user.pk).update(
                sent_at=was_sent, sent_sequence=was_sequence
            )
    return sent


def do_apply_calendar_reply(
    sender: User, post_id: int, replies: list[CalendarReply]
) -> bool:
    """An iTIP REPLY from ``sender`` about the event ``post_id``: their answer.

    Called by the mail gateway for a reply address of ``sender`` on that
    post (the gateway checked that the mail comes from them). Only the
    sender's own ATTENDEE line of this event counts. Returns False when the
    calendar is no reply to this event (the gateway then goes on as for any
    reply); raises NotFound when the sender may no longer see the event.
    """
    from plein.access.events import access_event

    event = Event.objects.filter(pk=post_id).first()
    if event is None:
        return False
    own = [
        r
        for r in replies
        if r.uid == event.uid
        and r.attendee == sender.email.lower()
        and r.partstat in PARTSTAT_ANSWERS
    ]
    if not own:
        return False
    event = access_event(sender, post_id)
    check_rsvp(sender, event, PARTSTAT_ANSWERS[own[-1].partstat])
    return True


# Changing and cancelling ---------------------------------------------------------


def _check_organiser(actor: User, event: Event) -> None:
    if not is_active_person(actor) or not can_edit_event(actor, event):
        if can_rsvp_to_event(actor, event):
            raise Forbidden(
                pgettext(
                    "permission",
                    "Only the organiser or an admin of the group can change the event.",
                )
            )
        raise NotFound()


def check_update_event(actor: User, event: Event, details: EventDetails) -> Event:
    """Change when and where an event (from ``access_event``) takes place.

    Only its organiser or an admin of its group; not once it is cancelled.
    The same rules as for a new event (InvalidInput naming the field). The
    title and description are the post's: they change with the post's own
    edit. Returns the event, changed.
    """
    _check_organiser(actor, event)
    if event.is_cancelled:
        raise InvalidInput(_("This event has been cancelled."), field="starts_at")
    clean_details(details)
    return do_update_event(actor, event, details)


def do_update_event(actor: User, event: Event, details: EventDetails) -> Event:
    """Write the new time and place; tell who comes, and update calendars.

    Locks the event's row. Nothing changes when nothing differs. Otherwise
    the ``sequence`` goes up (calendar clients replace what they stored),
    those going, maybe going or waiting are notified (``event_changed``, one
    notification per version) and invitees get the updated calendar request.
    More places move people up from the waiting list; fewer places leave
    those already going where they are. Emits ``events.event.updated``.
    """
    locked = Event.objects.select_for_update().get(pk=event.pk)
    before = _details_key(locked)
    locked.starts_at = details.starts_at
    locked.ends_at = details.ends_at
    locked.location = details.location
    locked.online_url = details.online_url
    locked.capacity = details.capacity
    locked.rrule = build_rrule(details.repeat, details.repeat_count)
    if _details_key(locked) == before:
        return locked
    locked.last_ends_at = build_last_ends_at(locked)
    locked.sequence += 1
    locked.save(
        update_fields=[
            "starts_at",
            "ends_at",
            "location",
            "online_url",
            "capacity",
            "rrule",
            "last_ends_at",
            "sequence",
        ]
    )
    locked.post = event.post
    promoted = _fill_places(locked, locked)
    _tell_attendees(actor, locked, "event_changed", exclude=set(promoted))
    emit_on_commit(
        "events.event.updated",
        {
            "post_id": event.pk,
            "group_id": event.post.group_id,
            "sequence": locked.sequence,
        },
        [actor.pk],
        actor_id=actor.pk,
    )
    return locked


def _details_key(event: Event) -> tuple[Any, ...]:
    return (
        event.starts_at,
        event.ends_at,
        event.location,
        event.online_url,
        event.capacity,
        event.rrule,
    )


def check_cancel_event(actor: User, event: Event) -> Event:
    """Call the event off (organiser or group admin); once is enough.

    The event and its conversation stay readable, marked cancelled; it
    takes no more answers, its reminders stop, calendars remove it.
    """
    _check_organiser(actor, event)
    if event.is_cancelled:
        return event
    return do_cancel_event(actor, event)


def do_cancel_event(actor: User, event: Event) -> Event:
    """Mark it cancelled, tell who comes, send invitees a METHOD:CANCEL.

    Claimed with a conditional update, so two cancellations at once tell
    people once. Emits ``events.event.cancelled``.
    """
    now = timezone.now()
    claimed = Event.objects.filter(pk=event.pk, cancelled_at__isnull=True).update(
        cancelled_at=now, sequence=F("sequence") + 1
    )
    locked = Event.objects.get(pk=event.pk)
    locked.post = event.post
    if not claimed:
        return locked
    _tell_attendees(actor, locked, "event_cancelled")
    emit_on_commit(
        "events.event.cancelled",
        {"post_id": event.pk, "group_id": event.post.group_id},
        [actor.pk],
        actor_id=actor.pk,
    )
    return locked


def _tell_attendees(
    actor: User, event: Event, kind: str, *, exclude: set[int] | None = None
) -> None:
    """Notify those going, maybe going or waiting, and send invitees the new
    version of their calendar request (after commit).

    Someone whose calendar gets the new version by e-mail is notified in
    Plein only, not mailed twice about the same change.
    """
    from plein.engagement.events.tasks import send_invitations

    people = set(
        Rsvp.objects.filter(event_id=event.pk)
        .exclude(answer=Rsvp.Answer.NO)
        .values_list("user_id", flat=True)
    )
    people -= {actor.pk, *(exclude or set())}
    with_calendar = set(
        Invitation.objects.filter(event_id=event.pk, sent_at__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    key = f"{kind}:{event.pk}:{event.sequence}"
    for group, wants_email in (
        (people - with_calendar, None),
        (people & with_calendar, False),
    ):
        if group:
            do_notify(
                sorted(group),
                kind=kind,
                key=key,
                actor_id=actor.pk,
                post_id=event.pk,
                wants_email=wants_email,
            )
    if with_calendar:
        enqueue_on_commit(send_invitations, post_id=event.pk)


# Reminders -------------------------------------------------------------------------


def do_send_due_reminders(now: datetime | None = None) -> int:
    """Remind those going of each occurrence starting within 24 hours.

    Idempotent: each notification's key names the event and the
    occurrence's date, so the hourly run (and its retries) tells each person
    once per occurrence. ``do_notify`` checks that they may still see the
    event. Returns how many notifications it asked for (existing ones
    included).
    """
    now = now or timezone.now()
    until = now + REMINDER_AHEAD
    events = Event.objects.filter(
        starts_at__lt=until,
        last_ends_at__gt=now,
        post__deleted_at__isnull=True,
        cancelled_at__isnull=True,
    ).filter(Q(rsvps__answer=Rsvp.Answer.YES, rsvps__is_waiting=False))
    written = 0
    for event in events.distinct().iterator(chunk_size=200):
        for occurrence in expand_occurrences(event, now, until):
            if occurrence.starts_at <= now:
                continue
            going = Rsvp.objects.filter(
                event_id=event.pk, answer=Rsvp.Answer.YES, is_waiting=False
            ).values_list("user_id", flat=True)
            written += do_notify(
                list(going),
                kind="event_reminder",
                key=f"event_reminder:{event.pk}:{occurrence.key}",
                post_id=event.pk,
            )
    return written


def local_now(zone: str = DEFAULT_TIME_ZONE) -> datetime:
    return timezone.now().astimezone(ZoneInfo(zone))


def build_details(data: dict[str, Any]) -> EventDetails:
    """EventDetails from a form's or the API's cleaned values."""
    return EventDetails(
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        location=data.get("location") or "",
        online_url=data.get("online_url") or "",
        capacity=data.get("capacity"),
        repeat=data.get("repeat") or "",
        repeat_count=data.get("repeat_count"),
    )


def current_details(event: Event) -> dict[str, Any]:
    """An event's time and place as the form shows them (in its zone)."""
    zone = ZoneInfo(event.time_zone)
    rule = dict(part.split("=", 1) for part in event.rrule.split(";") if "=" in part)
    return {
        "starts_at": event.starts_at.astimezone(zone).replace(tzinfo=None),
        "ends_at": event.ends_at.astimezone(zone).replace(tzinfo=None),
        "location": event.location,
        "online_url": event.online_url,
        "capacity": event.capacity,
        "repeat": rule.get("FREQ", ""),
        "repeat_count": int(rule["COUNT"]) if rule.get("COUNT", "").isdigit() else None,
    }
