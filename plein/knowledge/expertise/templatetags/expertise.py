"""``{% skill_endorsements person %}``: a profile's skills with endorse buttons."""

from typing import Any

from django import template

from plein.access.expertise import can_endorse
from plein.knowledge.expertise.queries import list_skill_endorsements

register = template.Library()


@register.inclusion_tag("expertise/_profile_skills.html", takes_context=True)
def skill_endorsements(context: dict[str, Any], person: Any) -> dict[str, Any]:
    viewer = context["request"].user
    return {
        "person": person,
        "skills": list_skill_endorsements(viewer, person),
        "may_endorse": can_endorse(viewer, person),
    }
