from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "plein.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # personal_data: what the app holds about a person.
        from plein.people import notification_kinds, personal_data  # noqa: F401
