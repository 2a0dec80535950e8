"""The search trail's menu entry, and hearing of each search (opt-in)."""

from django.utils.translation import gettext_lazy as _

from plein.core.fragments import register_menu_item
from plein.knowledge.trail.actions import do_record_search
from plein.search.kinds import register_search_listener

register_menu_item(
    "header.menu", "trail", _("Same search trail"), "trail:shared", order=50
)
# Kept (as stems) only for people who opted in to the trail.
register_search_listener("trail.record", do_record_search)
