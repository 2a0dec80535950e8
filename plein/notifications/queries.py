"""Reading notifications: the grouped list, the badge, the choices.

The visibility rule is ``plein.access.notifications.visible_notifications``.
"""

from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, F, Max, Window

from plein.access.notifications import visible_notifications
from plein.notifications.kinds import build_target_prefetch, notification_kinds
from plein.notifications.models import Notification, Preference

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class GroupedItem(TypedDict):
    """What ``list_notifications`` annotates on an item (its group's newest row)."""

    group_last_id: int
    group_count: int
    group_read: int  # rows of the group already read


def list_notifications(
    user: Any, *, before: int | None = None, limit: int = 30
) -> "list[WithAnnotations[Notification, GroupedItem]]":
    """The newest items of ``user``'s notifications page, in one query.

    Notifications that share a group key (a groupable kind about the same
    post and target) are one item: the newest row of the group, with
    ``group_count`` (how many) and ``is_group_unread`` (whether any is
    unread). Items are ordered by their newest row; ``before`` is the id of
    the last item of the previous page, so a page never repeats an item.
    The targets are prefetched (one query per target model on the page).
    """
    group = [F("group_key")]
    qs = (
        visible_notifications(user)
        .annotate(
            group_last_id=Window(Max("pk"), partition_by=group),
            group_count=Window(Count("pk"), partition_by=group),
            # Count() skips NULLs: rows read, against rows in the group.
            group_read=Window(Count("read_at"), partition_by=group),
        )
        .filter(pk=F("group_last_id"))
        .select_related("actor", "post", "post__group")
        .prefetch_related(build_target_prefetch())
    )
    if before is not None:
        qs = qs.filter(group_last_id__lt=before)
    rows = list(qs.order_by("-id")[: max(1, min(limit, 100))])
    for row in rows:
        row.is_group_unread = row.group_read < row.group_count
    return rows


def count_unread_notifications(user: Any, cap: int = 99) -> int:
    """How many items on the page are unread (a group counts once), up to cap+1.

    Most pages are opened with nothing unread: that is answered from the
    unread index alone, without building the visibility rule.
    """
    if not Notification.objects.filter(
        recipient_id=user.pk, read_at__isnull=True
    ).exists():
        return 0
    keys = (
        visible_notifications(user)
        .filter(read_at__isnull=True)
        .order_by()
        .values_list("group_key", flat=True)
        .distinct()[: cap + 1]
    )
    return len(list(keys))


def list_email_choices(user: Any) -> dict[str, bool]:
    """Per kind that may be e-mailed, whether ``user`` gets it by e-mail.

    Their choice where they made one, otherwise the kind's default.
    """
    rows = Preference.objects.filter(
        user=user, email_enabled__isnull=False
    ).values_list("kind", "email_enabled")
    # The query leaves out None; the test tells the type checker so.
    chosen = {kind: wants for kind, wants in rows if wants is not None}
    return {
        kind.code: chosen.get(kind.code, kind.email_by_default)
        for kind in notification_kinds.values()
        if kind.email
    }


def list_enabled_choices(user: Any) -> dict[str, bool]:
    """Per kind, whether ``user`` gets it in Plein: their choice or the default."""
    chosen = dict(
        Preference.objects.filter(user=user).values_list("kind", "is_enabled")
    )
    return {
        kind.code: chosen.get(kind.code, kind.default_enabled)
        for kind in notification_kinds.values()
    }
