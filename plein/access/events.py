"""Who may see events, answer them, see who comes, and invite.

An event is a post of kind "event", so seeing it is ``can_view_post``: an
organisation-wide event is for the organisation (not its external guests),
an event in a group follows the group's rules (open: everyone; closed and
secret: the members). Whoever cannot see the event sees nothing of it: not
its time, not its attendees, not its .ics file, not its place in a calendar
or a feed. The attendees list follows the same rule as the event itself.
"""

from typing import Any

from django.db.models import QuerySet

from plein.access.groups import can_admin_group, can_post_in_group
from plein.access.people import is_active_person, is_outsider
from plein.access.posts import access_post, can_view_post, visible_post_filter
from plein.core.errors import NotFound
from plein.engagement.events.models import EVENT, Event
from plein.groups.models import Group


def visible_events(user: Any, qs: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """Events (``events.Event`` rows) whose post the user may see."""
    qs = Event.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(visible_post_filter(user, prefix="post__"))


def can_view_event(user: Any, event: Event) -> bool:
    return can_view_post(user, event.post)


def can_rsvp_to_event(user: Any, event: Event) -> bool:
    """Anyone who may see the event may say whether they come."""
    return can_view_event(user, event)


def can_view_attendees(user: Any, event: Event) -> bool:
    """Who comes is shown exactly to those who may see the event."""
    return can_view_event(user, event)


def can_invite_to_event(user: Any, event: Event) -> bool:
    """The organiser (the post's author) or an admin of the event's group."""
    if not can_view_event(user, event):
        return False
    if event.post.author_id == user.pk:
        return True
    return event.post.group is not None and can_admin_group(user, event.post.group)


def can_edit_event(user: Any, event: Event) -> bool:
    """Change or cancel it: whoever may invite (the organiser, a group admin)."""
    return can_invite_to_event(user, event)


def can_create_event(user: Any, group: Group | None) -> bool:
    """In a group: its members. Organisation-wide: anyone but a guest."""
    if not is_active_person(user):
        return False
    if group is None:
        return not is_outsider(user)
    return can_post_in_group(user, group)


def access_event(user: Any, event_id: int | str) -> Event:
    """Fetch an event the user may see, or raise NotFound.

    ``event_id`` is the id of the event's post. A post that is not an event
    answers like a missing one.
    """
    post = access_post(user, event_id)
    if post.kind != EVENT:
        raise NotFound()
    event = Event.objects.filter(post_id=post.pk).first()
    if event is None:
        raise NotFound()
    event.post = post
    return event
