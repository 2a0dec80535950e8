"""What mentions add to the base apps: the "Listening" link for those who
listen (communications), and the audit log's name for "mentions found"."""

from django.utils.translation import pgettext_lazy

from plein.access.listening import can_use_listening
from plein.core.events import register_event_labels
from plein.core.fragments import register_menu_item

register_menu_item(
    "header.menu",
    "listening",
    pgettext_lazy("navigation", "Listening"),
    "mentions:list",
    order=88,
    when=can_use_listening,
    active_prefix="/listening/",
)

register_event_labels(
    {
        "mentions.mention.found": pgettext_lazy("audit action", "Mentions found"),
    }
)
