from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "plein.engagement.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # The event kind of post, its menu link, iCal feed and mail reply
        # handler; its notification kinds; what it holds about a person.
        from plein.engagement.events import (
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
