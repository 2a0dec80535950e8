from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningSourcesConfig(AppConfig):
    name = "plein.listening.sources"
    label = "listening_sources"
    verbose_name = _("Listening sources")

    def ready(self) -> None:
        # The "Listening" menu link and the audit log's names for the
        # source events; what it holds about a person (who added a source).
        from plein.listening.sources import (
            hooks,  # noqa: F401
            personal_data,  # noqa: F401
        )
