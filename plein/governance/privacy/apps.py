from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "plein.governance.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.governance.privacy import personal_data  # noqa: F401
