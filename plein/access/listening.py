"""Who listens: manages the sources and reads the mentions found outside.

Communications does, and Plein has no separate communications role yet:
organisation admins and moderators (``is_moderator``) stand in for it, as
they do for HR. Everyone else gets NotFound for every page, source and
mention, exactly as for something that does not exist. Mentions are public
web content; they are kept from colleagues because the triage around them
(what to answer, what to ignore) is communications' work. Sending a link
in is for every colleague (``can_submit_mention``), who then sees no more
than before.
"""

from typing import Any

from django.db.models import QuerySet

from plein.access.people import is_active_person, is_moderator, is_outsider
from plein.core.errors import NotFound
from plein.listening.mentions.models import Mention
from plein.listening.sources.models import Source


def can_use_listening(user: Any) -> bool:
    """Read the mentions and manage the sources (communications)."""
    return is_moderator(user)


def can_submit_mention(user: Any) -> bool:
    """Send a link in (the submit page, the API, the listening address).

    Every active colleague: "all the eyes and ears" of the organisation.
    Guests and alumni are not the organisation's.
    """
    return is_active_person(user) and not is_outsider(user)


def visible_sources(user: Any, qs: QuerySet[Source] | None = None) -> QuerySet[Source]:
    """The sources ``user`` may see: all of them for communications, else none."""
    qs = Source.objects.all() if qs is None else qs
    if not can_use_listening(user):
        return qs.none()
    return qs


def visible_mentions(
    user: Any, qs: QuerySet[Mention] | None = None
) -> QuerySet[Mention]:
    """The mentions ``user`` may read: all of them for communications, else none."""
    qs = Mention.objects.all() if qs is None else qs
    if not can_use_listening(user):
        return qs.none()
    return qs


def can_view_mention(user: Any, mention: Mention) -> bool:
    return can_use_listening(user)


def access_source(user: Any, source_id: int | str) -> Source:
    """Fetch a source for communications, or raise NotFound.

    A missing source and one the user may not see answer alike. Sources
    that are turned off are found too: they can be turned on again.
    """
    if not can_use_listening(user):
        raise NotFound()
    try:
        return Source.objects.get(pk=int(source_id))
    except (Source.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def access_mention(user: Any, mention_id: int | str) -> Mention:
    """Fetch a mention for communications, or raise NotFound (alike)."""
    try:
        return visible_mentions(user).get(pk=int(mention_id))
    except (Mention.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
