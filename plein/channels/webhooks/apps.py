from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "plein.channels.webhooks"
    label = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        # handlers: which domain events become deliveries; hooks: menu and
        # group links; personal_data: the provider (nothing personal).
        from plein.channels.webhooks import (  # noqa: F401
            handlers,
            hooks,
            notification_kinds,
            personal_data,
        )
