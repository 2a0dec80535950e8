"""Feeds' parts of shared pages: the settings tab and "subscribe" buttons."""

from django.utils.translation import gettext_lazy as _

from plein.core.fragments import register_fragment, register_menu_item

register_menu_item("settings.tabs", "feeds", _("Feeds"), "feeds:settings", order=90)
register_fragment(
    "home.top",
    "feeds.subscribe",
    "feeds/fragments/_subscribe.html",
    order=200,
    data=lambda context: {"feed_kind": "home", "feed_target": ""},
)
# Only where the group's posts are readable: a closed group's feed is empty.
register_fragment(
    "group.links",
    "feeds.subscribe",
    "feeds/fragments/_subscribe.html",
    order=90,
    when=lambda context: bool(context.get("can_view_content")),
    data=lambda context: {"feed_kind": "group", "feed_target": context["group"].slug},
)
