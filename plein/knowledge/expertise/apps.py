from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertiseConfig(AppConfig):
    name = "plein.knowledge.expertise"
    label = "expertise"
    verbose_name = _("Expertise")

    def ready(self) -> None:
        from plein.knowledge.expertise import handlers

        handlers.register()
        # personal_data: what the app holds about a person.
        from plein.knowledge.expertise import hooks, personal_data  # noqa: F401
