from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "plein.governance.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        # "Report" on posts and comments; the queue in the menu.
        # personal_data: what the app holds about a person.
        from plein.governance.moderation import hooks, notification_kinds, personal_data  # noqa: F401
