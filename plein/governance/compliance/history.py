"""Membership history, and who could read a post at a given moment.

:func:`record_membership_event` is a recorder (``plein.core.events``): it keeps
one :class:`MembershipPeriod` per stretch of membership, in the same
transaction as the change. :func:`readers_at` answers the eDiscovery
question "who could have seen this post at time T?".
"""

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from plein.access.roles import GroupKind, GroupRole, Role
from plein.core.events import Event
from plein.governance.compliance.models import MembershipPeriod
from plein.people.models import User


def _end_open_periods(group_id: int, user_id: int, now: datetime) -> None:
    MembershipPeriod.objects.filter(
        group_id=group_id, user_id=user_id, ended_at__isnull=True
    ).update(ended_at=now)


def record_membership_event(event: Event) -> None:
    """Open, close or split a period on groups.membership.* events."""
    if not event.name.startswith("groups.membership."):
        return
    group_id = event.payload.get("group_id")
    user_id = event.payload.get("user_id")
    if group_id is None or user_id is None:
        return
    now = timezone.now()
    verb = event.name.rsplit(".", 1)[-1]
    if verb == "created":
        if MembershipPeriod.objects.filter(
            group_id=group_id, user_id=user_id, ended_at__isnull=True
        ).exists():
            return
        MembershipPeriod.objects.create(
            group_id=group_id,
            user_id=user_id,
            role=event.payload.get("role") or GroupRole.MEMBER,
            started_at=now,
        )
    elif verb == "deleted":
        _end_open_periods(group_id, user_id, now)
    elif verb == "role_changed":
        _end_open_periods(group_id, user_id, now)
        MembershipPeriod.objects.create(
            group_id=group_id,
            user_id=user_id,
            role=event.payload.get("role") or GroupRole.MEMBER,
            started_at=now,
        )


def members_at(group_id: int, when: datetime) -> set[int]:
    """Ids of the people who were in the group at ``when``."""
    return set(
        MembershipPeriod.objects.filter(group_id=group_id, started_at__lte=when)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gt=when))
        .values_list("user_id", flat=True)
    )


def active_people_at(when: datetime) -> set[int]:
    """People whose account existed and was active at ``when`` (approximate).

    Accounts have a creation time and a deactivation time but no history of
    reactivation: someone deactivated before ``when`` and reactivated after
    it counts as active, someone reactivated since and deactivated again
    counts from the last deactivation only. External guests (by their
    current role) are left out: they see only the groups they are in.
    """
    return set(
        User.objects.filter(date_joined__lte=when)
        .filter(Q(deactivated_at__isnull=True) | Q(deactivated_at__gt=when))
        .exclude(role=Role.GUEST)
        .values_list("pk", flat=True)
    )


def readers_at(post: Any, when: datetime) -> set[int]:
    """Ids of the people who could see ``post`` at ``when``.

    - before it was published, or after it was deleted: nobody but its author;
    - restricted posts: the author and the named audience;
    - posts in closed and secret groups: the members at that moment;
    - posts on a profile or in an open group: every active account then
      (see :func:`active_people_at` for the approximation).

    Withholding (leak prevention, reports, moderators) is not replayed: a
    post withheld at ``when`` is counted as readable.
    """
    author = {post.author_id}
    if when < post.created_at or (post.deleted_at and when >= post.deleted_at):
        return author
    if post.is_restricted:
        return author | set(post.audience.values_list("user_id", flat=True))
    group = post.group
    if group is not None and group.kind in (GroupKind.CLOSED, GroupKind.SECRET):
        return author | members_at(group.pk, when)
    return author | active_people_at(when)
