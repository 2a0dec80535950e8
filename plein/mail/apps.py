from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "plein.mail"
    label = "mail"
    verbose_name = _("E-mail")

    def ready(self) -> None:
        # What the app holds about a person (plein.core.personal_data).
        from plein.mail import personal_data  # noqa: F401
