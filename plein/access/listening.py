"""Who listens: manages the sources and reads the mentions found outside.

Communications does, and Plein has no separate communications role yet:
organisation admins and moderators (``is_moderator``) stand in for it, as
they do for HR. Everyone else gets NotFound for every page, source and
mention, exactly as for something that does not exist. Mentions are public
web content; they are kept from colleagues because the triage around them
(what to answer, what to ignore) is communications' work. Sending a link
in is for every colleague (``can_submit_mention``), who then sees no more
than before. The one widening: the account team of a client watch (its
group's members and the people named on it) reads the mentions that
matched that watch, and only those (docs/decisions/0027).
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import pgettext

from plein.access.membership import is_member, member_group_ids
from plein.access.people import is_active_person, is_moderator, is_outsider
from plein.access.roles import Role
from plein.core.errors import Forbidden, NotFound
from plein.listening.mentions.models import Mention
from plein.listening.sources.models import Source
from plein.listening.triage.models import MentionNote, Triage
from plein.listening.watches.models import (
    Watch,
    WatchKind,
    WatchMatch,
    WatchTeamMember,
)
from plein.people.models import User


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
    """The mentions ``user`` may read: all of them for communications; for
    an account team, those that matched their client watches; else none."""
    qs = Mention.objects.all() if qs is None else qs
    if can_use_listening(user):
        return qs
    if not _may_be_on_a_team(user):
        return qs.none()
    # Decided at read time: leaving the group, the watch turned off or no
    # longer a client watch takes the mentions away at once.
    matched = WatchMatch.objects.filter(
        mention=OuterRef("pk"), watch__in=visible_watches(user)
    )
    return qs.filter(Exists(matched))


def can_view_mention(user: Any, mention: Mention) -> bool:
    if can_use_listening(user):
        return True
    if not _may_be_on_a_team(user):
        return False
    return WatchMatch.objects.filter(
        mention_id=mention.pk, watch__in=visible_watches(user)
    ).exists()


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


# Triage (plein.listening.triage) ----------------------------------------------


def can_triage_mentions(user: Any) -> bool:
    """Set a mention's state and assignee, write notes, discuss it internally.

    Communications, as for reading: the same people, checked on every
    request, so a moderator who is demoted loses the triage stream at once.
    """
    return can_use_listening(user)


def can_be_assigned_mentions(person: Any) -> bool:
    """Whom a mention may be assigned to: communications, now.

    Someone assigned earlier who is no longer communications stays named
    on the mention but can neither see nor change it.
    """
    return can_use_listening(person)


def assignable_people(qs: QuerySet[User] | None = None) -> QuerySet[User]:
    """The people a mention may be assigned to (``can_be_assigned_mentions``)."""
    qs = User.objects.all() if qs is None else qs
    return qs.filter(is_active=True, role__in=[Role.ADMIN, Role.MODERATOR])


def visible_triages(user: Any, qs: QuerySet[Triage] | None = None) -> QuerySet[Triage]:
    """The triage rows ``user`` may see: those of the mentions they may read."""
    qs = Triage.objects.all() if qs is None else qs
    if not can_triage_mentions(user):
        return qs.none()
    return qs


def can_edit_mention_note(user: Any, note: MentionNote) -> bool:
    """Only its author edits or deletes a note, while still communications."""
    if not can_triage_mentions(user):
        return False
    return note.author_id is not None and note.author_id == user.pk


def access_mention_note(
    user: Any, note_id: int | str, *, for_edit: bool = False
) -> MentionNote:
    """Fetch a note on a mention, or raise NotFound (missing and forbidden alike).

    With ``for_edit``, a note of someone else answers Forbidden: the reader
    sees it on the mention, but only its author may change it.
    """
    if not can_triage_mentions(user):
        raise NotFound()
    try:
        note = MentionNote.objects.select_related("mention", "author").get(
            pk=int(note_id)
        )
    except (MentionNote.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if for_edit and not can_edit_mention_note(user, note):
        raise Forbidden(
            pgettext("permission", "Only the author can change or delete a note.")
        )
    return note


# Watches (plein.listening.watches) --------------------------------------------


def _may_be_on_a_team(user: Any) -> bool:
    # Guests and alumni are not the organisation's: never on an account team,
    # even in the team's group.
    return is_active_person(user) and not is_outsider(user)


def _team_filter(user: Any) -> Q:
    """Active client watches whose account team holds ``user``: a member of
    the team's group, or named on it."""
    named = WatchTeamMember.objects.filter(watch=OuterRef("pk"), person_id=user.pk)
    return Q(is_active=True, kind=WatchKind.CLIENT) & (
        Q(team_group_id__in=member_group_ids(user)) | Q(Exists(named))
    )


def is_on_account_team(user: Any, watch: Watch) -> bool:
    """On the account team of ``watch``, an active client watch, now."""
    if not _may_be_on_a_team(user):
        return False
    if not watch.is_active or watch.kind != WatchKind.CLIENT:
        return False
    if watch.team_group_id is not None and is_member(user, watch.team_group_id):
        return True
    return WatchTeamMember.objects.filter(watch_id=watch.pk, person_id=user.pk).exists()


def visible_watches(user: Any, qs: QuerySet[Watch] | None = None) -> QuerySet[Watch]:
    """The watches ``user`` may see: all for communications (one shared
    list), an account team's own active client watches, else none."""
    qs = Watch.objects.all() if qs is None else qs
    if can_use_listening(user):
        return qs
    if not _may_be_on_a_team(user):
        return qs.none()
    return qs.filter(_team_filter(user))


def can_view_watch(user: Any, watch: Watch) -> bool:
    return can_use_listening(user) or is_on_account_team(user, watch)


def visible_watch_matches(
    user: Any, qs: QuerySet[WatchMatch] | None = None
) -> QuerySet[WatchMatch]:
    """The matches of the watches ``user`` may see (notification targets)."""
    qs = WatchMatch.objects.all() if qs is None else qs
    if can_use_listening(user):
        return qs
    if not _may_be_on_a_team(user):
        return qs.none()
    return qs.filter(watch__in=visible_watches(user))


def access_watch(user: Any, watch_id: int | str, *, for_manage: bool = False) -> Watch:
    """Fetch a watch ``user`` may see, or raise NotFound (missing alike).

    With ``for_manage`` (change, turn off, delete, subscribe) only
    communications may: an account team member who sees the watch gets
    Forbidden.
    """
    try:
        watch = visible_watches(user).get(pk=int(watch_id))
    except (Watch.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if for_manage and not can_use_listening(user):
        raise Forbidden(
            pgettext("permission", "Only communications can change a watch.")
        )
    return watch
