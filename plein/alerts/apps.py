from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "plein.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.alerts import personal_data  # noqa: F401
