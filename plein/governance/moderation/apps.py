from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "plein.governance.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.governance.moderation import personal_data  # noqa: F401
