from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "plein.announcements"
    label = "announcements"
    verbose_name = _("Announcements")

    def ready(self) -> None:
        # Telling required readers when a held post is released.
        from plein.announcements import handlers, hooks, notification_kinds  # noqa: F401
