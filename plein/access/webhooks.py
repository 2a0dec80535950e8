"""Who may manage webhooks, and what a webhook's scope may see.

Management: an organisation-wide webhook is the organisation admins'; a
group's webhook is for whoever administers the group (``can_admin_group``:
its group admins, and organisation admins for groups that are not secret).
Anyone else is answered as if the webhook did not exist, so nobody outside
a secret group learns that it has webhooks.

Scope: a webhook sends to a system outside Plein, which is nobody in
particular, so it may only carry what everyone it stands for may read. An
organisation-wide webhook sees what every colleague sees (open groups and
profile posts, never closed or secret groups, never a restricted post); a
group's webhook sees that group's content that every member sees. Withheld
and deleted content is never sent. The delivery checks again at sending
time with these predicates.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext

from plein.access.groups import can_admin_group, can_view_group
from plein.access.membership import memberships_of
from plein.access.people import is_active_person, is_org_admin
from plein.access.roles import GroupKind, GroupRole
from plein.channels.webhooks.models import Webhook
from plein.core.errors import Forbidden, NotFound
from plein.groups.models import Group
from plein.posts.models import Comment, Post


def _admin_group_ids(user: Any) -> set[int]:
    return {
        gid for gid, role in memberships_of(user).items() if role == GroupRole.ADMIN
    }


def visible_webhooks(
    user: Any, qs: QuerySet[Webhook] | None = None
) -> QuerySet[Webhook]:
    """The webhooks the user may see and manage."""
    qs = Webhook.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    mine = Q(group_id__in=_admin_group_ids(user))
    if not is_org_admin(user):
        return qs.filter(mine)
    # Organisation admins step in for groups that are not secret, as
    # can_admin_group says.
    return qs.filter(
        Q(group__isnull=True)
        | mine
        | (Q(group__isnull=False) & ~Q(group__kind=GroupKind.SECRET))
    )


def can_manage_webhook(user: Any, webhook: Webhook) -> bool:
    if not is_active_person(user):
        return False
    if webhook.group is None:
        return is_org_admin(user)
    return can_admin_group(user, webhook.group)


def can_create_org_webhook(user: Any) -> bool:
    return is_active_person(user) and is_org_admin(user)


def can_create_group_webhook(user: Any, group: Group) -> bool:
    return can_admin_group(user, group)


def can_manage_any_webhooks(user: Any) -> bool:
    """Whether the webhooks page has anything for the user (the menu link)."""
    if not is_active_person(user):
        return False
    return is_org_admin(user) or bool(_admin_group_ids(user))


def manageable_groups(user: Any) -> QuerySet[Group]:
    """The groups the user may add a webhook to."""
    if not is_active_person(user):
        return Group.objects.none()
    mine = Q(pk__in=_admin_group_ids(user))
    if is_org_admin(user):
        mine |= ~Q(kind=GroupKind.SECRET)
    return Group.objects.filter(mine).order_by("name")


def access_webhook(user: Any, webhook_id: int | str) -> Webhook:
    """Fetch a webhook the user may manage, or raise NotFound.

    Missing and someone else's answer alike: a webhook says what a group
    connects to, which is as private as the group.
    """
    try:
        return (
            visible_webhooks(user)
            .select_related("group", "created_by")
            .get(pk=int(webhook_id))
        )
    except (Webhook.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def access_group_for_webhook(user: Any, group_id: int | str) -> Group:
    """The group a new webhook is for, or NotFound (invisible) / Forbidden.

    Both errors name the field "group_id".
    """
    try:
        group = Group.objects.get(pk=int(group_id))
    except (Group.DoesNotExist, ValueError, TypeError):
        raise NotFound(field="group_id") from None
    if can_create_group_webhook(user, group):
        return group
    # Only a group the user may see is worth a "not allowed".
    if not can_view_group(user, group):
        raise NotFound(field="group_id")
    raise Forbidden(
        pgettext("permission", "Only the group's admins can do this."),
        field="group_id",
    )


# What a scope may see ---------------------------------------------------------


def webhook_may_see_group(webhook: Webhook, group: Group | None) -> bool:
    """Content of ``group`` (None: a profile post) for this webhook's scope."""
    if webhook.group_id is not None:
        return group is not None and group.pk == webhook.group_id
    # Organisation-wide: what every colleague reads.
    if group is None:
        return True
    return group.kind == GroupKind.OPEN


def webhook_may_see_post(webhook: Webhook, post: Post) -> bool:
    if post.deleted_at is not None:
        return False
    if post.withheld_at is not None:
        return False
    # Addressed to named people only (a restricted mail post, for one).
    if post.is_restricted:
        return False
    return webhook_may_see_group(webhook, post.group)


def webhook_may_see_comment(webhook: Webhook, comment: Comment) -> bool:
    if comment.deleted_at is not None:
        return False
    if comment.withheld_at is not None:
        return False
    return webhook_may_see_post(webhook, comment.post)
