from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QnaConfig(AppConfig):
    name = "plein.knowledge.qna"
    label = "qna"
    verbose_name = _("Questions")

    def ready(self) -> None:
        # The event handlers (deleted answers, edited questions); the
        # question kind of post and the links to the questions pages.
        # personal_data: what the app holds about a person.
        from plein.knowledge.qna import (
            handlers,  # noqa: F401
            hooks,  # noqa: F401
            notification_kinds,  # noqa: F401
            personal_data,  # noqa: F401
        )
