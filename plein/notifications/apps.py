from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "plein.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.notifications import personal_data  # noqa: F401
