from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningInsightsConfig(AppConfig):
    name = "plein.listening.insights"
    label = "listening_insights"
    verbose_name = _("Listening insights")
