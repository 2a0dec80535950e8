"""Template helpers for question posts shown outside the questions pages."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def question_state(post: Any) -> dict[str, Any]:
    """``is_answered`` and ``answer_count`` of a question post.

    Counts published answers only, the same for every reader, so nothing
    about withheld or deleted answers shows. Cards of a page have it loaded
    already (``prepare_question_cards``); a lone card costs one query.
    """
    from plein.knowledge.qna.queries import question_states

    prepared = getattr(post, "question_state", None)
    if prepared is not None:
        return prepared

    return question_states([post.pk]).get(
        post.pk, {"is_answered": False, "answer_count": 0}
    )
