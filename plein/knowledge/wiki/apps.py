from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikiConfig(AppConfig):
    name = "plein.knowledge.wiki"
    label = "wiki"
    verbose_name = _("Wiki")

    def ready(self) -> None:
        # Menu entries, group links and the group stream of page updates.
        # personal_data: what the app holds about a person.
        from plein.knowledge.wiki import hooks, notification_kinds, personal_data  # noqa: F401
