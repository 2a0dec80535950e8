from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentionsConfig(AppConfig):
    name = "plein.listening.mentions"
    label = "mentions"
    verbose_name = _("Mentions")

    def ready(self) -> None:
        # The audit log's name for "mentions found".
        from plein.listening.mentions import hooks, personal_data  # noqa: F401
