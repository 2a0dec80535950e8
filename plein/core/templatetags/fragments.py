"""``{% fragments "slot" %}`` and ``{% menu "name" as items %}`` for base templates."""

from typing import Any

from django import template
from django.template import Engine
from django.utils.safestring import SafeString, mark_safe

from plein.core.fragments import MenuItem, fragments_for, menu_for

register = template.Library()


@register.simple_tag(takes_context=True)
def fragments(context: template.Context, slot: str) -> SafeString:
    """Render every fragment registered for ``slot`` with the page's context.

    Each fragment sees what an ``{% include %}`` at this place would see,
    plus the values of its ``data`` callback.
    """
    parts = []
    # Outside a template (a bare Context) the project's Django engine.
    engine = context.template.engine if context.template else Engine.get_default()
    # The context itself answers ``context["post"]`` and ``context.get(…)``:
    # no copy of it per card. (Django's stubs don't call Context a Mapping,
    # hence the two ignores: those two methods are all the callbacks use.)
    for fragment in fragments_for(slot, context):  # type: ignore[arg-type]
        tmpl = engine.get_template(fragment.template)
        extra = fragment.data(context) if fragment.data is not None else {}  # type: ignore[arg-type]
        with context.push(**extra):
            parts.append(tmpl.render(context))
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def menu(context: template.Context, name: str) -> list[Any]:
    """The links of menu ``name`` the signed-in person may follow."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return menu_for(name, user)


@register.filter
def is_current(item: MenuItem, path: str) -> bool:
    """Whether the page at ``path`` belongs to the menu item."""
    return bool(item.active_prefix) and str(path).startswith(item.active_prefix)
