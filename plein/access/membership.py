"""Which groups a person belongs to, remembered for the length of a request.

Every visibility rule asks this, so it is fetched once per person object;
actions that change memberships call :func:`forget_memberships`.
"""

from typing import Any

from django.db import connection

from plein.access.roles import GroupRole

_CACHE_ATTR = "_plein_memberships"


def memberships_of(user: Any) -> dict[int, str]:
    """Map group id → role for an authenticated, active person; {} otherwise."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {}
    cached: dict[int, str] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        # Asked on every request that reads content: fixed SQL skips the
        # query compilation, which costs more than the lookup itself.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT group_id, role FROM groups_membership WHERE user_id = %s",
                [user.pk],
            )
            cached = dict(cursor.fetchall())
        setattr(user, _CACHE_ATTR, cached)
    return cached


def member_group_ids(user: Any) -> set[int]:
    return set(memberships_of(user))


def is_member(user: Any, group_id: int) -> bool:
    return group_id in memberships_of(user)


def is_group_admin(user: Any, group_id: int) -> bool:
    return memberships_of(user).get(group_id) == GroupRole.ADMIN


def forget_memberships(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
