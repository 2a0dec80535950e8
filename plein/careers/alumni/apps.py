from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlumniConfig(AppConfig):
    name = "plein.careers.alumni"
    label = "alumni"
    verbose_name = _("Alumni")

    def ready(self) -> None:
        # The offer and invite-back links on "Manage people", the alumni
        # home panel, the menu link and the narrowing of alumni's menus;
        # recording the accepted offer; what the app holds about a person.
        from plein.careers.alumni import (
            handlers,  # noqa: F401
            hooks,  # noqa: F401
            personal_data,  # noqa: F401
        )
