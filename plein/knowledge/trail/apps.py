from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrailConfig(AppConfig):
    name = "plein.knowledge.trail"
    label = "trail"
    verbose_name = _("Search trail")

    def ready(self) -> None:
        # The menu entry.
        # personal_data: what the app holds about a person.
        from plein.knowledge.trail import hooks, personal_data  # noqa: F401
