from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "plein.groups"
    label = "groups"
    verbose_name = _("Groups")

    def ready(self) -> None:
        # personal_data: what the app holds about a person.
        from plein.groups import notification_kinds, personal_data  # noqa: F401
