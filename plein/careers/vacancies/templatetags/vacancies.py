"""Template helpers for vacancy posts shown outside the vacancies pages."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def vacancy_card(context: Any, post: Any) -> dict[str, Any] | None:
    """A vacancy post's details and the reader's application status.

    Cards of a page have it loaded already (``prepare_vacancy_cards``); a
    lone card costs a few queries.
    """
    from plein.careers.vacancies.queries import prepare_vacancy_cards

    if not hasattr(post, "vacancy_card"):
        request = context.get("request")
        prepare_vacancy_cards(getattr(request, "user", None), [post])
    card: dict[str, Any] | None = post.vacancy_card
    return card
