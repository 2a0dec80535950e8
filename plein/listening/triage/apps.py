from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "plein.listening.triage"
    label = "listening_triage"
    verbose_name = _("Triage of mentions")

    def ready(self) -> None:
        from plein.listening.triage import (  # noqa: F401
            handlers,
            hooks,
            notification_kinds,
            personal_data,
        )
