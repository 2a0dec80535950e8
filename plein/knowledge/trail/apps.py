from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrailConfig(AppConfig):
    name = "plein.knowledge.trail"
    label = "trail"
    verbose_name = _("Search trail")

    def ready(self) -> None:
        # The menu entry.
        from plein.knowledge.trail import hooks  # noqa: F401
