from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedConfig(AppConfig):
    name = "plein.feed"
    label = "feed"
    verbose_name = _("Feed")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.feed import personal_data  # noqa: F401
