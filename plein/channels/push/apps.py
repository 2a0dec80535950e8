from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PushConfig(AppConfig):
    name = "plein.channels.push"
    label = "push"
    verbose_name = _("Push notifications")

    def ready(self) -> None:
        # hooks: the manifest and script in every page's head, the settings
        # tab; personal_data: the devices a person turned push on for.
        from plein.channels.push import hooks, personal_data  # noqa: F401
        from plein.channels.push.tasks import schedule_pushes
        from plein.notifications.kinds import register_channel

        # Notifications are pushed by the channel do_notify calls.
        register_channel("push", schedule_pushes)
