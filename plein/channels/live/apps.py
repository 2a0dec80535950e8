from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "plein.channels.live"
    label = "live"
    verbose_name = _("Live updates")

    def ready(self) -> None:
        # handlers: a live event with every change open pages may show;
        # hooks: the script and the "new posts" bar on the pages.
        from plein.channels.live import handlers, hooks  # noqa: F401
        from plein.channels.live.channel import notification_written
        from plein.notifications.kinds import register_channel

        register_channel("live", notification_written)
