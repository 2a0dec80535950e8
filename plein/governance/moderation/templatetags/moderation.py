"""``{% load moderation %}``: whether to show the Moderation link."""

from typing import Any

from django import template

from plein.governance.moderation.scope import can_use_queue

register = template.Library()


@register.filter
def can_moderate_anything(user: Any) -> bool:
    """Organisation moderators and admins, and group admins."""
    return can_use_queue(user)
