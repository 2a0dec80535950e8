from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DlpConfig(AppConfig):
    name = "plein.governance.dlp"
    label = "dlp"
    verbose_name = _("Leak prevention")

    def ready(self) -> None:
        from plein.core.publishing import publish_check
        from plein.governance.dlp.actions import check_draft_for_leaks

        publish_check(20)(check_draft_for_leaks)
        # personal_data: what the app holds about a person.
        from plein.governance.dlp import hooks, personal_data  # noqa: F401
