"""Reading events: the calendar, the event page, cards and .ics documents.

Every read is scoped through ``plein.access``: events through
``visible_events`` (the post visibility rule) and the attendees through
``can_view_attendees``. An event one may not see is in no calendar, card,
count or .ics document.
"""

import calendar as month_calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from plein.access.events import (
    can_invite_to_event,
    can_view_attendees,
    visible_events,
)
from plein.access.people import is_active_person
from plein.engagement.events.ical import (
    Occurrence,
    build_calendar,
    build_vevent,
    expand_occurrences,
)
from plein.engagement.events.models import DEFAULT_TIME_ZONE, Event, Rsvp
from plein.groups.models import Group
from plein.mail.outbound import build_absolute_url
from plein.people.models import User
from plein.posts.models import Post

UPCOMING_DAYS = 90
CALENDAR_LIMIT = 500  # events read for one calendar page
# The personal feed: events from this long ago on, at most this many.
FEED_PAST_DAYS = 30
FEED_LIMIT = 500
OCCURRENCES_SHOWN = 5
_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass
class Counts:
    going: int = 0
    maybe: int = 0
    no: int = 0
    waiting: int = 0


@dataclass
class EventPage:
    event: Event
    occurrences: list[Occurrence]
    counts: Counts
    my_rsvp: Rsvp | None
    can_see_attendees: bool
    going: list[User] = field(default_factory=list)
    maybe: list[User] = field(default_factory=list)
    waiting: list[User] = field(default_factory=list)
    can_invite: bool = False

    @property
    def places_left(self) -> int | None:
        if self.event.capacity is None:
            return None
        return max(0, self.event.capacity - self.counts.going)


def _zone() -> ZoneInfo:
    return ZoneInfo(DEFAULT_TIME_ZONE)


def _with_post(qs: QuerySet[Event]) -> QuerySet[Event]:
    return qs.select_related("post", "post__author", "post__group")


def parse_month(value: str | None) -> date | None:
    """The first day of a "YYYY-MM" month, or None for anything else."""
    match = _MONTH_RE.match(value or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def build_month_range(month: date) -> tuple[datetime, datetime]:
    """The first moment of ``month`` and of the month after, in the zone."""
    start = datetime(month.year, month.month, 1, tzinfo=_zone())
    days = month_calendar.monthrange(month.year, month.month)[1]
    return start, start + timedelta(days=days)


def list_occurrences(
    user: Any,
    since: datetime,
    until: datetime,
    *,
    group: Group | None = None,
) -> list[Occurrence]:
    """Occurrences of the events the user may see between the two moments.

    Ordered by start. The filter on ``starts_at``/``last_ends_at`` reads
    only the events that can have an occurrence in the range; recurring
    ones are expanded from their rule.
    """
    qs = visible_events(user).filter(starts_at__lt=until, last_ends_at__gt=since)
    if group is not None:
        qs = qs.filter(post__group=group)
    found: list[Occurrence] = []
    for event in _with_post(qs).order_by("starts_at")[:CALENDAR_LIMIT]:
        found.extend(expand_occurrences(event, since, until))
    return sorted(found, key=lambda o: (o.starts_at, o.event.pk))


def list_upcoming(user: Any, *, group: Group | None = None) -> list[Occurrence]:
    """What is coming in the next 90 days (and what is going on now)."""
    now = timezone.now()
    return list_occurrences(user, now, now + timedelta(days=UPCOMING_DAYS), group=group)


def count_answers(event_ids: list[int]) -> dict[int, Counts]:
    """Going, maybe, not going and waiting per event, in one query."""
    rows = (
        Rsvp.objects.filter(event_id__in=event_ids)
        .values("event_id")
        .annotate(
            going=Count("pk", filter=Q(answer=Rsvp.Answer.YES, is_waiting=False)),
            maybe=Count("pk", filter=Q(answer=Rsvp.Answer.MAYBE)),
            no=Count("pk", filter=Q(answer=Rsvp.Answer.NO)),
            waiting=Count("pk", filter=Q(answer=Rsvp.Answer.YES, is_waiting=True)),
        )
    )
    return {
        row["event_id"]: Counts(row["going"], row["maybe"], row["no"], row["waiting"])
        for row in rows
    }


def get_event_page(user: Any, event: Event) -> EventPage:
    """The event page for ``event`` (from ``access_event``)."""
    now = timezone.now()
    counts = count_answers([event.pk]).get(event.pk, Counts())
    my_rsvp = (
        Rsvp.objects.filter(event_id=event.pk, user_id=user.pk).first()
        if is_active_person(user)
        else None
    )
    page = EventPage(
        event=event,
        occurrences=expand_occurrences(event, now)[:OCCURRENCES_SHOWN],
        counts=counts,
        my_rsvp=my_rsvp,
        can_see_attendees=can_view_attendees(user, event),
        can_invite=can_invite_to_event(user, event),
    )
    if page.can_see_attendees:
        rsvps = (
            Rsvp.objects.filter(event_id=event.pk, user__is_active=True)
            .exclude(answer=Rsvp.Answer.NO)
            .select_related("user")
            .order_by("answered_at", "pk")
        )
        for rsvp in rsvps:
            if rsvp.is_going:
                page.going.append(rsvp.user)
            elif rsvp.is_waiting:
                page.waiting.append(rsvp.user)
            else:
                page.maybe.append(rsvp.user)
    return page


def prepare_event_cards(user: Any, posts: list[Post]) -> None:
    """When, where and who comes, for a page of event cards at once."""
    ids = [post.pk for post in posts]
    events = {event.pk: event for event in Event.objects.filter(pk__in=ids)}
    counts = count_answers(list(events))
    mine = dict(
        Rsvp.objects.filter(event_id__in=list(events), user_id=user.pk).values_list(
            "event_id", "answer"
        )
    )
    now = timezone.now()
    for post in posts:
        event = events.get(post.pk)
        if event is not None:
            event.post = post
            upcoming = expand_occurrences(event, now)[:1]
            card: dict[str, Any] | None = {
                "event": event,
                "next": upcoming[0] if upcoming else None,
                "counts": counts.get(event.pk, Counts()),
                "my_answer": mine.get(event.pk, ""),
            }
        else:
            card = None
        # Read by the card's template (templatetags/events.py).
        setattr(post, "event_card", card)  # noqa: B010


def event_url(event: Event) -> str:
    return build_absolute_url(reverse("events:detail", args=[event.pk]))


def build_event_ics(event: Event) -> bytes:
    """The .ics of one event ("add to calendar"), with its recurrence."""
    return build_calendar(
        [(event, build_vevent(event, url=event_url(event)))], name=event.post.title
    )


def list_feed_events(owner: User) -> QuerySet[Event]:
    """The events in ``owner``'s personal iCal feed: every event they may see
    that ends after 30 days ago (the ones they go to among them)."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return _with_post(visible_events(owner).filter(last_ends_at__gt=since)).order_by(
        "starts_at"
    )[:FEED_LIMIT]


def build_feed_ics(owner: User, name: str) -> bytes:
    """The personal iCal feed of ``owner``, as they may see it now."""
    return build_calendar(
        [
            (event, build_vevent(event, url=event_url(event)))
            for event in list_feed_events(owner)
        ],
        name=name,
    )


# Office screens ---------------------------------------------------------------

SCREEN_DAYS = 14  # how far ahead a screen looks
SCREEN_MAX_EVENTS = 6


def build_event_slides(screen: Any, now: datetime) -> list[Any]:
    """The next events everyone in the organisation may see, one slide each.

    An event in a closed or secret group, or for named people only, is on
    no screen (``posts_everyone_sees``); neither is a cancelled one. A
    repeating event shows its next occurrence. The organiser is named only
    when every colleague sees them. One query for the events, one for the
    answers.
    """
    from django.conf import settings
    from django.utils import formats, translation

    from plein.access.screens import colleagues_everyone_sees, everyone_post_filter
    from plein.channels.screens.sources import Slide

    until = now + timedelta(days=SCREEN_DAYS)
    events = list(
        _with_post(
            Event.objects.filter(
                everyone_post_filter(prefix="post__"),
                cancelled_at__isnull=True,
                starts_at__lt=until,
                last_ends_at__gt=now,
            )
        ).order_by("starts_at", "pk")[: SCREEN_MAX_EVENTS * 4]
    )
    upcoming = []
    for event in events:
        occurrences = expand_occurrences(event, now, until)
        if occurrences:
            upcoming.append(occurrences[0])
    upcoming.sort(key=lambda o: (o.starts_at, o.event.pk))
    upcoming = upcoming[:SCREEN_MAX_EVENTS]
    counts = count_answers([o.event.pk for o in upcoming])
    authors = colleagues_everyone_sees().in_bulk(
        {o.event.post.author_id for o in upcoming}
    )
    language = getattr(screen, "language", "") or settings.LANGUAGE_CODE
    slides = []
    with translation.override(language):
        for occurrence in upcoming:
            event = occurrence.event
            author = authors.get(event.post.author_id)
            slides.append(
                Slide(
                    kind="event",
                    key=f"event-{event.pk}-{occurrence.key}",
                    template="events/slides/_event.html",
                    data={
                        "post_id": event.pk,
                        "title": event.post.title,
                        "when": formats.date_format(occurrence.starts_at, "l j F, H:i")
                        + "\N{EN DASH}"
                        + formats.time_format(occurrence.ends_at, "H:i"),
                        "starts_at": occurrence.starts_at.isoformat(),
                        "location": event.location,
                        "is_online": bool(event.online_url),
                        "group": event.post.group.name if event.post.group else "",
                        "going": counts.get(event.pk, Counts()).going,
                        "places_left": (
                            max(
                                0, event.capacity - counts.get(event.pk, Counts()).going
                            )
                            if event.capacity is not None
                            else None
                        ),
                        "author": (
                            {
                                "id": author.pk,
                                "name": author.full_name,
                                "has_photo": bool(author.photo),
                            }
                            if author is not None
                            else None
                        ),
                    },
                )
            )
    return slides
