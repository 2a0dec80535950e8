"""What listening sources add to the base apps: the audit log's names for
their events. (The "Listening" menu link is the mentions app's.)"""

from django.utils.translation import pgettext_lazy

from plein.core.events import register_event_labels

register_event_labels(
    {
        "listening.source.added": pgettext_lazy(
            "audit action", "Listening source added"
        ),
        "listening.source.deactivated": pgettext_lazy(
            "audit action", "Listening source turned off"
        ),
        "listening.source.activated": pgettext_lazy(
            "audit action", "Listening source turned on"
        ),
    }
)
