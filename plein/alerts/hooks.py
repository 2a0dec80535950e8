"""Alerts' menu entry."""

from django.utils.translation import pgettext_lazy

from plein.core.fragments import register_fragment, register_menu_item

register_menu_item(
    "header.menu",
    "alerts",
    pgettext_lazy("term alerts", "Alerts"),
    "alerts:list",
    order=10,
)
# "Save as alert" next to the search results for posts and comments.
register_fragment(
    "search.posts.actions", "alerts.save", "alerts/fragments/_save_search.html"
)
