from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "plein.announcements"
    label = "announcements"
    verbose_name = _("Announcements")

    def ready(self) -> None:
        # Telling required readers when a held post is released.
        # personal_data: what the app holds about a person.
        from plein.announcements import (
            handlers,  # noqa: F401
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
