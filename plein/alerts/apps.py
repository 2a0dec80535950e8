from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "plein.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        # Matching new posts and comments against alerts.
        # personal_data: what the app holds about a person.
        from plein.alerts import handlers, hooks, notification_kinds, personal_data  # noqa: F401
