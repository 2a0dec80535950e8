"""Which notifications a person sees: their own, while the subject is visible."""

from typing import Any

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet

from plein.access.posts import visible_post_filter
from plein.notifications.kinds import notification_targets
from plein.notifications.models import Notification


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
        of_model = Q(target_type__app_label=app_label, target_type__model=model_name)
        rule |= of_model & Q(Exists(visible.filter(pk=OuterRef("target_id"))))
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
