from typing import Any

from django import template

from plein.governance.dlp.actions import can_review

register = template.Library()


@register.filter
def can_review_leaks(user: Any) -> bool:
    """Whether the review queue of leak prevention is open to ``user``."""
    return can_review(user)
