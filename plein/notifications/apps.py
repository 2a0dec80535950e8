from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "plein.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Notification tasks for posts, comments, reactions, follows and groups.
        # personal_data: what the app holds about a person.
        from plein.notifications import handlers, personal_data  # noqa: F401
