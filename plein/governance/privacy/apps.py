from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "plein.governance.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # The settings tab and the link from profile settings.
        # personal_data: what the app holds about a person.
        from plein.governance.privacy import hooks, personal_data  # noqa: F401
