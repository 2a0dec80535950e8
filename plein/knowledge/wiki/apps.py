from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikiConfig(AppConfig):
    name = "plein.knowledge.wiki"
    label = "wiki"
    verbose_name = _("Wiki")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.knowledge.wiki import personal_data  # noqa: F401
