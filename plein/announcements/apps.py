from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "plein.announcements"
    label = "announcements"
    verbose_name = _("Announcements")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.announcements import personal_data  # noqa: F401
