"""Template helpers for question posts shown outside the questions pages."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag
def question_state(post: Any) -> dict[str, Any]:
    """``is_answered`` and ``answer_count`` of a question post.

    Counts published answers only, the same for every reader, so nothing
    about withheld or deleted answers shows. Cards from ``get_post_cards``
    already carry it (one query for the page); otherwise one query.
    """
    from plein.knowledge.qna.queries import question_states

    known = getattr(post, "question_state", None)
    if known is not None:
        return known
    return question_states([post.pk]).get(
        post.pk, {"is_answered": False, "answer_count": 0}
    )
