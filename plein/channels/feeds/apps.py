from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    name = "plein.channels.feeds"
    label = "feeds"
    verbose_name = _("Feeds")

    def ready(self) -> None:
        # hooks: the settings tab and "subscribe" buttons; handlers: tokens
        # go when their owner is deactivated; personal_data: the provider.
        from plein.channels.feeds import handlers, hooks, personal_data  # noqa: F401
