from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningWatchesConfig(AppConfig):
    name = "plein.listening.watches"
    label = "listening_watches"
    verbose_name = _("Watches")

    def ready(self) -> None:
        # handlers: new mentions are matched at intake; hooks: the audit
        # log's names and the menu; notification_kinds: "mention_watched";
        # personal_data: who made a watch, subscribed or is on a team.
        from plein.listening.watches import (  # noqa: F401
            handlers,
            hooks,
            notification_kinds,
            personal_data,
        )
