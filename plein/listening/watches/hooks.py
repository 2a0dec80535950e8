"""The audit log's names for what happens to watches."""

from django.utils.translation import pgettext_lazy

from plein.core.events import register_event_labels

register_event_labels(
    {
        "watches.watch.created": pgettext_lazy("audit action", "Watch added"),
        "watches.watch.updated": pgettext_lazy("audit action", "Watch changed"),
        "watches.watch.deleted": pgettext_lazy("audit action", "Watch deleted"),
        "watches.subscription.saved": pgettext_lazy(
            "audit action", "Subscribed to a watch"
        ),
        "watches.subscription.deleted": pgettext_lazy(
            "audit action", "Unsubscribed from a watch"
        ),
    }
)
