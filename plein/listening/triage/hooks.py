"""What triage adds to shared pages: the "Triage" link for communications,
a link to each mention's triage on the mentions page, and the audit log's
names for its events."""

from django.utils.translation import pgettext_lazy

from plein.access.listening import can_triage_mentions
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item

register_menu_item(
    "header.menu",
    "listening.triage",
    pgettext_lazy("navigation", "Triage"),
    "listening_triage:stream",
    order=88,
    when=can_triage_mentions,
    active_prefix="/listening/triage/",
)

# On each mention of the mentions page: its state and a link to its triage.
register_fragment(
    "mention.actions",
    "triage.link",
    "triage/fragments/_mention_link.html",
    when=lambda context: can_triage_mentions(context["request"].user),
)

register_event_labels(
    {
        "triage.mention.changed": pgettext_lazy(
            "audit action", "Triage of a mention changed"
        ),
        "triage.note.added": pgettext_lazy("audit action", "Note on a mention added"),
        "triage.note.edited": pgettext_lazy("audit action", "Note on a mention edited"),
        "triage.note.deleted": pgettext_lazy(
            "audit action", "Note on a mention deleted"
        ),
        "triage.mention.discussed": pgettext_lazy(
            "audit action", "Mention discussed internally"
        ),
    }
)
