from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KudosConfig(AppConfig):
    name = "plein.engagement.kudos"
    label = "kudos"
    verbose_name = _("Kudos")

    def ready(self) -> None:
        # The kudos kind of post, its fragments, menu link, screen source and
        # audit labels; the wiki move handler; the "kudos for you"
        # notification; what the app holds about a person.
        from plein.engagement.kudos import (
            handlers,  # noqa: F401
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
