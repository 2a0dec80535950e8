from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QnaConfig(AppConfig):
    name = "plein.knowledge.qna"
    label = "qna"
    verbose_name = _("Questions")

    def ready(self) -> None:
        # The event handlers (deleted answers, edited questions); the
        # question kind of post and the links to the questions pages.
        from plein.knowledge.qna import handlers, hooks, notification_kinds  # noqa: F401
