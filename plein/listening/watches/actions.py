"""Every change to watches, their subscriptions and their matches.

``check_*`` validates and authorises (communications manage the shared
list; the watch already passed ``access_watch(for_manage=True)``), then
calls the matching ``do_*``. Matching runs at intake (``do_match_mentions``
from the ``mentions.mention.found`` handler) and again over the last 30
days when a watch is made, its query changes or it is turned on again
(``do_rematch_watch``, a task). Only intake tells people: a rematch fills
a watch with what it would have found, without a notification each.
"""

import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.groups import visible_groups
from plein.access.listening import (
    can_use_listening,
    can_view_mention,
    can_view_watch,
)
from plein.access.people import is_outsider, visible_people
from plein.alerts.matching import clause_matches
from plein.core.errors import InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.groups.models import Membership
from plein.listening.mentions.models import Mention
from plein.listening.watches.matching import (
    build_mention_content,
    build_watch_index,
    build_watch_query,
)
from plein.listening.watches.models import (
    Watch,
    WatchKind,
    WatchMatch,
    WatchSubscription,
    WatchTeamMember,
)
from plein.notifications.actions import do_notify
from plein.people.models import User

logger = logging.getLogger(__name__)

NAME_MAX_LENGTH = 100
MAX_TEAM_PEOPLE = 100
# A new or changed watch looks this far back.
REMATCH_DAYS = 30
CHUNK = 500


def build_watched_key(mention_id: int) -> str:
    """The notification key: one notification per person and mention,
    however many watches matched it."""
    return f"watched:{mention_id}"


def _clean_name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the watch a name."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            _("A name has at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH},
            field="name",
        )
    return name


def _clean_kind(kind: str | None) -> str:
    if kind not in WatchKind.values:
        raise InvalidInput(
            _("Choose organisation, client, competitor or sector."), field="kind"
        )
    return str(kind)


def _clean_team_group(actor: User, group_id: int | None) -> int | None:
    if group_id is None:
        return None
    # A group the actor cannot see is reported exactly like a missing one.
    if not visible_groups(actor).filter(pk=group_id).exists():
        raise InvalidInput(_("There is no such group."), field="team_group_id")
    return group_id


def _clean_team_people(actor: User, handles: Iterable[str] | None) -> list[int]:
    """The ids of the colleagues with these @handles, in the order given."""
    wanted = list(dict.fromkeys(h.strip().lstrip("@").lower() for h in handles or ()))
    wanted = [h for h in wanted if h]
    if len(wanted) > MAX_TEAM_PEOPLE:
        raise InvalidInput(
            _("An account team names at most %(limit)d people.")
            % {"limit": MAX_TEAM_PEOPLE},
            field="team_people",
        )
    found = {
        person.handle.lower(): person
        for person in visible_people(actor).filter(handle__in=wanted, is_active=True)
    }
    for handle in wanted:
        person = found.get(handle)
        if person is None:
            raise InvalidInput(
                _("Nobody has the handle @%(handle)s.") % {"handle": handle},
                field="team_people",
            )
        if is_outsider(person):
            raise InvalidInput(
                _("@%(handle)s is a guest or alumnus: not on an account team.")
                % {"handle": handle},
                field="team_people",
            )
    return [found[h].pk for h in wanted]


def check_create_watch(
    actor: User,
    *,
    name: str | None,
    kind: str | None,
    query: str | None,
    team_group_id: int | None = None,
    team_people: Iterable[str] | None = None,
    is_active: bool = True,
) -> Watch:
    """Add a watch to the shared list (communications; others NotFound).

    Raises InvalidInput naming "name", "kind", "query", "team_group_id" or
    "team_people" (@handles). Runs in the caller's transaction.
    """
    if not can_use_listening(actor):
        raise NotFound()
    fields: dict[str, Any] = {
        "name": _clean_name(name),
        "kind": _clean_kind(kind),
    }
    fields["query"], fields["compiled"] = build_watch_query(query)
    fields["team_group_id"] = _clean_team_group(actor, team_group_id)
    fields["is_active"] = bool(is_active)
    people = _clean_team_people(actor, team_people)
    return do_create_watch(actor, team_person_ids=people, **fields)


def do_create_watch(
    actor: User | None, *, team_person_ids: Iterable[int] = (), **fields: Any
) -> Watch:
    """Save the watch and its named team; match the last 30 days again.

    Emits ``watches.watch.created`` and enqueues ``rematch_watch`` on
    commit. Runs in the caller's transaction.
    """
    from plein.listening.watches.tasks import rematch_watch

    now = timezone.now()
    watch = Watch.objects.create(
        created_by=actor, created_at=now, updated_at=now, **fields
    )
    _set_team_people(watch, team_person_ids)
    emit_on_commit(
        "watches.watch.created",
        {"watch_id": watch.pk, "kind": watch.kind},
        actor_id=actor.pk if actor is not None else None,
    )
    if watch.is_active:
        enqueue_on_commit(rematch_watch, watch_id=watch.pk)
    return watch


def _set_team_people(watch: Watch, person_ids: Iterable[int]) -> None:
    ids = list(dict.fromkeys(person_ids))
    WatchTeamMember.objects.filter(watch=watch).exclude(person_id__in=ids).delete()
    WatchTeamMember.objects.bulk_create(
        [WatchTeamMember(watch=watch, person_id=pk) for pk in ids],
        ignore_conflicts=True,
    )


def check_update_watch(
    actor: User,
    watch: Watch,
    *,
    name: str | None = None,
    kind: str | None = None,
    query: str | None = None,
    team_group_id: int | object | None = ...,
    team_people: Iterable[str] | None = None,
    is_active: bool | None = None,
) -> Watch:
    """Change a watch (``watch`` from ``access_watch(for_manage=True)``).

    Arguments left None (``team_group_id``: left out) keep their value;
    ``team_group_id=None`` removes the group. Raises InvalidInput naming
    the field, as ``check_create_watch``.
    """
    fields: dict[str, Any] = {}
    if name is not None:
        fields["name"] = _clean_name(name)
    if kind is not None:
        fields["kind"] = _clean_kind(kind)
    if query is not None:
        text, compiled = build_watch_query(query)
        if text != watch.query or compiled != watch.compiled:
            fields["query"], fields["compiled"] = text, compiled
    if team_group_id is not ...:
        fields["team_group_id"] = _clean_team_group(
            actor, team_group_id if isinstance(team_group_id, int) else None
        )
    if is_active is not None:
        fields["is_active"] = bool(is_active)
    people = None if team_people is None else _clean_team_people(actor, team_people)
    return do_update_watch(actor, watch, team_person_ids=people, **fields)


def do_update_watch(
    actor: User | None,
    watch: Watch,
    *,
    team_person_ids: Iterable[int] | None = None,
    **fields: Any,
) -> Watch:
    """Save the changed fields (and the named team, when given).

    A changed query, or a watch turned on again, is matched again over the
    last 30 days (``rematch_watch`` on commit). Emits
    ``watches.watch.updated`` with the names of the changed fields.
    """
    from plein.listening.watches.tasks import rematch_watch

    changed = {k: v for k, v in fields.items() if getattr(watch, k) != v}
    for key, value in changed.items():
        setattr(watch, key, value)
    names = sorted(changed)
    if team_person_ids is not None:
        before = set(
            WatchTeamMember.objects.filter(watch=watch).values_list(
                "person_id", flat=True
            )
        )
        if before != set(team_person_ids):
            _set_team_people(watch, team_person_ids)
            names.append("team_people")
    if not names:
        return watch
    watch.updated_at = timezone.now()
    watch.save(update_fields=[*changed, "updated_at"])
    emit_on_commit(
        "watches.watch.updated",
        {"watch_id": watch.pk, "fields": names},
        actor_id=actor.pk if actor is not None else None,
    )
    turned_on = changed.get("is_active") is True
    if watch.is_active and ("compiled" in changed or turned_on):
        enqueue_on_commit(rematch_watch, watch_id=watch.pk)
    return watch


def do_delete_watch(actor: User | None, watch: Watch) -> None:
    """Delete the watch with its matches, team and subscriptions.

    ``watch`` comes from ``access_watch(for_manage=True)``. The mentions
    stay. Emits ``watches.watch.deleted``.
    """
    watch_id = watch.pk
    watch.delete()
    emit_on_commit(
        "watches.watch.deleted",
        {"watch_id": watch_id},
        actor_id=actor.pk if actor is not None else None,
    )


def check_set_subscribed(actor: User, watch: Watch, *, subscribed: bool) -> bool:
    """Be told of a watch's new mentions, or no longer (communications).

    ``watch`` comes from ``access_watch(for_manage=True)``. Answers whether
    the actor is subscribed now.
    """
    if not can_use_listening(actor):
        raise NotFound()
    if subscribed:
        do_subscribe(actor, watch)
    else:
        do_unsubscribe(actor, watch)
    return subscribed


def do_subscribe(person: User, watch: Watch) -> None:
    """Subscribe ``person`` (once; again is nothing)."""
    _row, created = WatchSubscription.objects.get_or_create(watch=watch, person=person)
    if created:
        emit_on_commit(
            "watches.subscription.saved",
            {"watch_id": watch.pk},
            [person.pk],
            actor_id=person.pk,
        )


def do_unsubscribe(person: User, watch: Watch) -> None:
    deleted, _per_model = WatchSubscription.objects.filter(
        watch=watch, person=person
    ).delete()
    if deleted:
        emit_on_commit(
            "watches.subscription.deleted",
            {"watch_id": watch.pk},
            [person.pk],
            actor_id=person.pk,
        )


# Matching -------------------------------------------------------------------


def do_match_mentions(mention_ids: Iterable[int]) -> dict[int, list[int]]:
    """Match new mentions against the active watches; record the matches.

    Answers {mention id: [watch ids]} for the mentions that matched.
    Idempotent: a match is unique, a second run writes nothing new. Runs
    in the caller's transaction (intake's).
    """
    watches = list(Watch.objects.filter(is_active=True).values_list("pk", "compiled"))
    if not watches:
        return {}
    index = build_watch_index(watches)
    ids = sorted(set(mention_ids))
    found: dict[int, list[int]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = Mention.objects.filter(pk__in=ids[start : start + CHUNK]).values_list(
            "pk", "title", "excerpt", "language"
        )
        for pk, title, excerpt, language in rows:
            matched = index.match(build_mention_content(title, excerpt, language))
            if matched:
                found[pk] = sorted(matched)
    now = timezone.now()
    WatchMatch.objects.bulk_create(
        [
            WatchMatch(mention_id=mention_id, watch_id=watch_id, matched_at=now)
            for mention_id, watch_ids in found.items()
            for watch_id in watch_ids
        ],
        ignore_conflicts=True,
        batch_size=CHUNK,
    )
    return found


def do_rematch_watch(watch_id: int, *, now: Any = None) -> int:
    """Bring one watch's matches in line with its query.

    Its matches that no longer match are removed, and the mentions found in
    the last 30 days are matched again. Nobody is told: these are not new.
    Idempotent; a watch that is gone or turned off is left alone. Returns
    how many mentions match the watch in the window.
    """
    watch = Watch.objects.filter(pk=watch_id, is_active=True).first()
    if watch is None:
        return 0
    compiled = watch.compiled
    now = now or timezone.now()

    def matches(title: str, excerpt: str, language: str) -> bool:
        content = build_mention_content(title, excerpt, language)
        return any(clause_matches(clause, content) for clause in compiled)

    stale = [
        pk
        for pk, title, excerpt, language in WatchMatch.objects.filter(
            watch=watch
        ).values_list("pk", "mention__title", "mention__excerpt", "mention__language")
        if not matches(title, excerpt, language)
    ]
    for start in range(0, len(stale), CHUNK):
        WatchMatch.objects.filter(pk__in=stale[start : start + CHUNK]).delete()
    recent = Mention.objects.filter(
        found_at__gte=now - timedelta(days=REMATCH_DAYS)
    ).values_list("pk", "title", "excerpt", "language")
    hits = [
        WatchMatch(mention_id=pk, watch=watch, matched_at=now)
        for pk, title, excerpt, language in recent.iterator(chunk_size=2000)
        if matches(title, excerpt, language)
    ]
    WatchMatch.objects.bulk_create(hits, ignore_conflicts=True, batch_size=CHUNK)
    return len(hits)


# Telling people -------------------------------------------------------------


def build_watch_audience(watch: Watch) -> list[int]:
    """Who is told of a watch's mentions: its subscribers, and for a client
    watch its account team (the group's members and the named people).

    Candidates only: ``do_notify_watched`` checks each against the rules
    now (communications, or on the team; active; not a guest).
    """
    ids = set(
        WatchSubscription.objects.filter(watch=watch).values_list(
            "person_id", flat=True
        )
    )
    if watch.has_team:
        ids |= set(
            WatchTeamMember.objects.filter(watch=watch).values_list(
                "person_id", flat=True
            )
        )
        if watch.team_group_id is not None:
            ids |= set(
                Membership.objects.filter(group_id=watch.team_group_id).values_list(
                    "user_id", flat=True
                )
            )
    return sorted(ids)


def do_notify_watched(mention_ids: Iterable[int]) -> int:
    """Tell the audience of each watch that matched these mentions.

    One ``mention_watched`` notification per person and mention, however
    many watches matched (the notification key is the mention's); its
    target is the first matching watch's match that person may see. A
    subscriber must still be communications, a team member still on the
    team, and each must be able to read the mention now. Idempotent: a
    second run writes nothing. Returns how many notifications were written.
    """
    written = 0
    people: dict[int, User] = {}
    audiences: dict[int, list[int]] = {}
    ids = sorted(set(mention_ids))
    matches = (
        WatchMatch.objects.filter(mention_id__in=ids, watch__is_active=True)
        .select_related("watch", "mention")
        .order_by("mention_id", "watch_id")
    )
    by_mention: dict[int, list[WatchMatch]] = {}
    for match in matches:
        by_mention.setdefault(match.mention_id, []).append(match)
    for mention_id, found in by_mention.items():
        told: set[int] = set()
        targets: dict[int, list[int]] = {}
        for match in found:
            watch = match.watch
            if watch.pk not in audiences:
                audiences[watch.pk] = build_watch_audience(watch)
            missing = [i for i in audiences[watch.pk] if i not in people]
            people.update(User.objects.in_bulk(missing))
            for person_id in audiences[watch.pk]:
                person = people.get(person_id)
                if person is None or person_id in told:
                    continue
                if not can_view_watch(person, watch):
                    continue
                if not can_view_mention(person, match.mention):
                    continue
                told.add(person_id)
                targets.setdefault(match.pk, []).append(person_id)
        for match in found:
            recipients = targets.get(match.pk)
            if not recipients:
                continue
            try:
                with transaction.atomic():
                    written += do_notify(
                        recipients,
                        kind="mention_watched",
                        key=build_watched_key(mention_id),
                        target=match,
                    )
            except Exception:
                # One broken delivery must not keep the others from theirs.
                logger.exception("watch notification failed for mention %d", mention_id)
    return written
