from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "plein.knowledge.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self) -> None:
        # Registers the handlers of the qna and wiki events.
        # personal_data: what the app holds about a person.
        from plein.knowledge.recognition import handlers, hooks, personal_data  # noqa: F401
