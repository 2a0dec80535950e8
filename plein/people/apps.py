from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "plein.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.people import personal_data  # noqa: F401
