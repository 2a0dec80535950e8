from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "plein.groups"
    label = "groups"
    verbose_name = _("Groups")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.groups import personal_data  # noqa: F401
