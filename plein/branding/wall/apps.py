from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WallConfig(AppConfig):
    name = "plein.branding.wall"
    label = "wall"
    verbose_name = _("Public wall")

    def ready(self) -> None:
        # The post page's wall box and the menu links; what happens to an
        # approved post when it changes; the notifications to its author;
        # what the app holds about a person.
        from plein.branding.wall import (
            handlers,  # noqa: F401
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
