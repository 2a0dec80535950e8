"""What mentions add to the base apps: the "Listening" link for those who
listen (communications), the "Send in a link" link for every colleague,
and the audit log's names for its events."""

from django.utils.translation import pgettext_lazy

from plein.access.listening import can_submit_mention, can_use_listening
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

register_menu_item(
    "header.menu",
    "listening.submit",
    pgettext_lazy("navigation", "Send in a link"),
    "mentions:submit",
    order=89,
    when=can_submit_mention,
    active_prefix="/listening/submit/",
)

register_event_labels(
    {
        "mentions.mention.found": pgettext_lazy("audit action", "Mentions found"),
        "mentions.link.submitted": pgettext_lazy(
            "audit action", "Link sent in for listening"
        ),
        "mentions.sentiment.corrected": pgettext_lazy(
            "audit action", "Sentiment of a mention corrected"
        ),
    }
)
