from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DlpConfig(AppConfig):
    name = "plein.governance.dlp"
    label = "dlp"
    verbose_name = _("Leak prevention")
