"""Reading notifications: the visibility rule, the grouped list, the badge."""

from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Window

from plein.access.posts import visible_post_filter
from plein.notifications.kinds import notification_kinds, notification_targets
from plein.notifications.models import Notification, Preference


def _target_filter(user: Any) -> Q:
    """Notifications without a target, or whose target the reader still sees.

    One ``EXISTS`` per registered target model, each the owning app's scope
    filter; a target of a model nobody registered is never shown.
    """
    rule = Q(target_type__isnull=True)
    for label, target in notification_targets.items():
        app_label, model_name = label.split(".")
        model = apps.get_model(app_label, model_name)
        visible = target.visible(user, model._default_manager.all())
        rule |= Q(
            target_type__app_label=app_label, target_type__model=model_name
        ) & Exists(visible.filter(pk=OuterRef("target_id")))
    return rule


def visible_notifications(user: Any) -> QuerySet[Notification]:
    """A person's notifications, minus any whose subject they can no longer see.

    A notification written while a post was visible disappears once its
    author deletes it or the reader leaves its group; one about a comment,
    a group or a wiki page disappears with the reader's right to see that
    (the rules registered with ``register_notification_target``).
    """
    post_rule = Q(post__isnull=True) | visible_post_filter(user, prefix="post__")
    return Notification.objects.filter(recipient_id=user.pk).filter(
        post_rule & _target_filter(user)
    )


def list_notifications(
    user: Any, *, before: int | None = None, limit: int = 30
) -> list[Notification]:
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
        .prefetch_related("target")
    )
    if before is not None:
        qs = qs.filter(group_last_id__lt=before)
    rows = list(qs.order_by("-id")[: max(1, min(limit, 100))])
    for row in rows:
        row.is_group_unread = row.group_read < row.group_count
    return rows


def count_unread_notifications(user: Any, cap: int = 99) -> int:
    """How many items on the page are unread (a group counts once), up to cap+1."""
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
    chosen = dict(
        Preference.objects.filter(user=user, email_enabled__isnull=False).values_list(
            "kind", "email_enabled"
        )
    )
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
