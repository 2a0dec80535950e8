from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreensConfig(AppConfig):
    name = "plein.channels.screens"
    label = "screens"
    verbose_name = _("Office screens")

    def ready(self) -> None:
        from plein.channels.screens import hooks, personal_data  # noqa: F401
        from plein.channels.screens.queries import register_builtin_sources

        register_builtin_sources()
