"""Which notifications a person sees: their own, while the subject is visible."""

from typing import Any

from django.db.models import Q, QuerySet

from plein.access.groups import visible_groups
from plein.access.posts import visible_comment_filter, visible_post_filter
from plein.notifications.models import Notification


def visible_notifications(user: Any) -> QuerySet[Notification]:
    """A person's notifications, minus any whose subject they can no longer see.

    A notification written while a post was visible disappears once its
    author deletes it or the reader leaves its group.
    """
    post_rule = Q(post__isnull=True) | visible_post_filter(user, prefix="post__")
    # A comment deleted or withheld since takes its notifications with it.
    comment_rule = Q(comment__isnull=True) | visible_comment_filter(
        user, prefix="comment__"
    )
    group_rule = Q(group__isnull=True) | Q(group__in=visible_groups(user))
    return Notification.objects.filter(recipient_id=user.pk).filter(
        post_rule & comment_rule & group_rule
    )
