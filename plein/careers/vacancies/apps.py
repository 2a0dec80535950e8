from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VacanciesConfig(AppConfig):
    name = "plein.careers.vacancies"
    label = "vacancies"
    verbose_name = _("Vacancies")

    def ready(self) -> None:
        # The vacancy kind of post and its menu link; its notification
        # kinds; what it holds about a person.
        from plein.careers.vacancies import (
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
