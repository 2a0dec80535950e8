"""What mentions add to the base apps: the "Listening" link for those who
listen (communications), the "Send in a link" link for every colleague,
"Send to listening" on the share page of the installed app, and the audit
log's names for its events."""

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import pgettext_lazy

from plein.access.listening import can_submit_mention, can_use_listening
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item
from plein.listening.mentions.forms import SubmitLinkForm
from plein.listening.mentions.urls_canonical import NotCanonical, canonical_url

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

# Many apps share a link inside the text ("Read this: https://…").
_LINK_IN_TEXT = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def shared_link(shared: Mapping[str, str] | None) -> str:
    """The link another app shared: its url, else the first link in its text."""
    if not shared:
        return ""
    candidates = [shared.get("url", "").strip()]
    candidates += _LINK_IN_TEXT.findall(shared.get("text", ""))
    for candidate in candidates:
        candidate = candidate.rstrip(".,;:!?)")
        try:
            canonical_url(candidate)
        except NotCanonical:
            continue
        return candidate
    return ""


def _can_send_shared_link(context: Mapping[str, Any]) -> bool:
    request = context.get("request")
    return can_submit_mention(getattr(request, "user", None)) and bool(
        shared_link(context.get("shared"))
    )


def _shared_link_data(context: Mapping[str, Any]) -> Mapping[str, Any]:
    shared = context.get("shared") or {}
    return {
        "listening_share": {
            "url": shared_link(shared),
            "title": " ".join(shared.get("title", "").split()),
            "form": SubmitLinkForm(auto_id="listening-share-%s"),
        }
    }


# "Send to listening" beside the composer on the share page (#8): a link
# shared from a phone becomes a mention instead of a post.
register_fragment(
    "push.share",
    "listening.share",
    "mentions/fragments/_share.html",
    when=_can_send_shared_link,
    data=_shared_link_data,
)

register_event_labels(
    {
        "mentions.mention.found": pgettext_lazy("audit action", "Mentions found"),
        "mentions.link.submitted": pgettext_lazy(
            "audit action", "Link sent in for listening"
        ),
        "mentions.mention.described": pgettext_lazy(
            "audit action", "Title of a mention looked up"
        ),
        "mentions.sentiment.corrected": pgettext_lazy(
            "audit action", "Sentiment of a mention corrected"
        ),
    }
)
