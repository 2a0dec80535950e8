from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QnaConfig(AppConfig):
    name = "plein.knowledge.qna"
    label = "qna"
    verbose_name = _("Questions")

    def ready(self) -> None:
        # Registers the event handlers (deleted answers, edited questions).
        from plein.knowledge.qna import handlers  # noqa: F401
        from plein.knowledge.qna.queries import decorate_question_cards
        from plein.posts.queries import card_decorators

        card_decorators.register("qna", decorate_question_cards)
