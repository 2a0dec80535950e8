from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrailConfig(AppConfig):
    name = "plein.knowledge.trail"
    label = "trail"
    verbose_name = _("Search trail")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.knowledge.trail import personal_data  # noqa: F401
