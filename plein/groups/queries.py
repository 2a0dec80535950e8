"""Read functions for the group pages.

Lists start from ``visible_groups``; members and posts are only asked for
after the view has checked ``can_view_group_content``.
"""

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from plein.access.groups import visible_groups
from plein.access.membership import member_group_ids, memberships_of
from plein.access.posts import visible_posts
from plein.access.roles import GroupKind, GroupRole
from plein.groups.models import Group, GroupInvitation, JoinRequest, Membership
from plein.posts.models import Post

# Cards a page shows before "more": 20 keeps the daily pages within their
# 50 ms of server time at 1M posts (docs/performance.md); the API's own
# limit stays 30 by default.
PAGE_SIZE = 20


def list_groups(user: Any, *, search: str = "") -> list[Group]:
    """Visible groups, the user's own first, each with ``is_member``."""
    mine = member_group_ids(user)
    qs = visible_groups(user)
    search = " ".join(search.split())
    if search:
        qs = qs.filter(name__icontains=search)
    qs = qs.annotate(
        mine_first=Case(
            When(pk__in=mine, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    ).order_by("mine_first", "name")
    groups: list[Group] = list(qs)
    for group in groups:
        group.is_member = group.pk in mine
    return groups


def list_my_groups(user: Any) -> list[Group]:
    """Groups the user belongs to (and so may post in), by name."""
    return list(Group.objects.filter(pk__in=member_group_ids(user)).order_by("name"))


def list_suggested_groups(user: Any, *, limit: int = 5) -> list[Group]:
    """Open groups the user has not joined, biggest first.

    Through ``visible_groups``: outsiders (guests, alumni) see no group
    they are not in, not even an open one's name.
    """
    return list(
        visible_groups(user, Group.objects.filter(kind=GroupKind.OPEN))
        .exclude(pk__in=member_group_ids(user))
        .order_by("-member_count", "name")[:limit]
    )


def get_membership(user: Any, group: Group) -> Membership | None:
    if group.pk not in memberships_of(user):
        return None
    return Membership.objects.filter(group=group, user_id=user.pk).first()


def is_invited(user: Any, group: Group) -> bool:
    return GroupInvitation.objects.filter(group=group, user_id=user.pk).exists()


def has_pending_request(user: Any, group: Group) -> bool:
    return JoinRequest.objects.filter(
        group=group, user_id=user.pk, status=JoinRequest.Status.PENDING
    ).exists()


def list_members(group: Group) -> QuerySet[Membership]:
    """Members, admins first; only after ``can_view_group_content``."""
    admin_first = Case(
        When(role=GroupRole.ADMIN, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Membership.objects.filter(group=group, user__is_active=True)
        .select_related("user")
        .annotate(admin_first=admin_first)
        .order_by("admin_first", "user__full_name")
    )


def list_pending_requests(group: Group) -> QuerySet[JoinRequest]:
    return (
        JoinRequest.objects.filter(group=group, status=JoinRequest.Status.PENDING)
        .select_related("user")
        .order_by("created_at")
    )


def get_pending_request(group: Group, request_id: int) -> JoinRequest | None:
    """A request to join ``group`` (scoped to it, so ids of other groups fail)."""
    return (
        JoinRequest.objects.select_related("group", "user")
        .filter(pk=request_id, group=group)
        .first()
    )


def list_group_post_ids(
    user: Any, group: Group, *, before: int | None = None, limit: int = PAGE_SIZE
) -> tuple[list[int], int | None]:
    """The group's visible posts, newest first, and the next cursor."""
    qs = visible_posts(user, Post.objects.filter(group=group))
    if before is not None:
        qs = qs.filter(pk__lt=before)
    ids = list(qs.order_by("-id").values_list("pk", flat=True)[: limit + 1])
    next_cursor = ids[limit - 1] if len(ids) > limit else None
    return ids[:limit], next_cursor


def list_pinned_post_ids(user: Any, group: Group) -> list[int]:
    qs = visible_posts(user, Post.objects.filter(group=group, pinned_at__isnull=False))
    return list(qs.order_by("-pinned_at").values_list("pk", flat=True)[:5])


def find_person(user: Any, identifier: str) -> Any:
    """A visible, active person by e-mail address or @handle, or None."""
    from plein.access.people import visible_people

    identifier = identifier.strip().lstrip("@")
    if not identifier:
        return None
    return (
        visible_people(user)
        .filter(is_active=True)
        .filter(Q(email__iexact=identifier) | Q(handle__iexact=identifier))
        .first()
    )
