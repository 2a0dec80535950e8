from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreensConfig(AppConfig):
    name = "plein.channels.screens"
    label = "screens"
    verbose_name = _("Office screens")
