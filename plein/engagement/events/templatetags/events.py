"""Template helpers for event posts shown outside the events pages."""

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def event_card(context: Any, post: Any) -> dict[str, Any] | None:
    """When and where an event post happens, its counts and the reader's answer.

    Cards of a page have it loaded already (``prepare_event_cards``); a lone
    card costs a few queries.
    """
    from plein.engagement.events.queries import prepare_event_cards

    if not hasattr(post, "event_card"):
        request = context.get("request")
        prepare_event_cards(getattr(request, "user", None), [post])
    card: dict[str, Any] | None = post.event_card
    return card
