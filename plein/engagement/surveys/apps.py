from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "plein.engagement.surveys"
    label = "surveys"
    verbose_name = _("Pulse surveys")

    def ready(self) -> None:
        # The menu link and event labels; the notification kinds; what the
        # app holds about a person.
        from plein.engagement.surveys import (
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
