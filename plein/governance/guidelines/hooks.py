"""The guidelines' menu entry."""

from django.utils.translation import pgettext_lazy

from plein.core.fragments import register_menu_item

register_menu_item(
    "header.menu",
    "guidelines",
    pgettext_lazy("social-media guidelines", "Guidelines"),
    "guidelines:page",
    order=60,
)
