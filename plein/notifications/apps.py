from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "plein.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Notification tasks for posts, comments, reactions, follows and groups.
        from plein.notifications import handlers  # noqa: F401
