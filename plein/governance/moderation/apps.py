from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "plein.governance.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from plein.governance.moderation import notification_kinds  # noqa: F401
