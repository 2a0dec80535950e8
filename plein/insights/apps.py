from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "plein.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        # Recording who read something today (post pages, the home feed,
        # search), the menu link, the notification about inactive groups and
        # what the app holds about a person.
        from plein.insights import (
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
