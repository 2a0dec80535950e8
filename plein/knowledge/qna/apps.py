from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QnaConfig(AppConfig):
    name = "plein.knowledge.qna"
    label = "qna"
    verbose_name = _("Questions")

    def ready(self) -> None:
        # Registers the event handlers (deleted answers, edited questions).
        from plein.knowledge.qna import handlers, notification_kinds  # noqa: F401
