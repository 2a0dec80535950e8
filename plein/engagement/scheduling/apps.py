from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "plein.engagement.scheduling"
    label = "scheduling"
    verbose_name = _("Scheduled posts")

    def ready(self) -> None:
        # The composer's schedule controls, the plain post as a schedulable,
        # the menu links; the "could not publish" notification; what the app
        # holds about a person.
        from plein.engagement.scheduling import (
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
