from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertiseConfig(AppConfig):
    name = "plein.knowledge.expertise"
    label = "expertise"
    verbose_name = _("Expertise")

    def ready(self) -> None:
        from plein.knowledge.expertise import handlers

        handlers.register()
        from plein.knowledge.expertise import hooks  # noqa: F401
