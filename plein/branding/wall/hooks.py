"""How the public wall plugs into the shared parts of Plein.

The post page gets the wall box (the author's offer, colleagues' share
box); communications get a menu link to the review queue; the app's events
get their lines in the audit log. No base app knows the wall exists.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.people import is_active_person
from plein.access.wall import can_review_wall
from plein.branding.wall.queries import get_post_wall_state
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item


def _reader(context: Mapping[str, Any]) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


def _wall_box(context: Mapping[str, Any]) -> Mapping[str, Any]:
    # One look at the wall row and, when it is shown, the guidelines: the
    # post page has one post.
    return {"wall": get_post_wall_state(_reader(context), context["post"])}


register_fragment(
    "post.detail.actions",
    "wall.box",
    "wall/fragments/_post_wall.html",
    order=50,
    when=lambda context: is_active_person(_reader(context)) and "post" in context,
    data=_wall_box,
)

register_menu_item(
    "header.menu",
    "wall",
    _("Public wall"),
    "wall:review",
    order=87,
    when=can_review_wall,
    active_prefix="/wall/",
)

register_event_labels(
    {
        "wall.item.offered": pgettext_lazy("audit action", "Post offered for the wall"),
        "wall.item.withdrawn": pgettext_lazy(
            "audit action", "Post withdrawn from the wall"
        ),
        "wall.item.approved": pgettext_lazy(
            "audit action", "Post approved for the wall"
        ),
        "wall.item.rejected": pgettext_lazy(
            "audit action", "Post not approved for the wall"
        ),
        "wall.item.returned": pgettext_lazy(
            "audit action", "Wall post sent back for review"
        ),
        "wall.settings.changed": pgettext_lazy(
            "audit action", "Public wall switched on or off"
        ),
    }
)
