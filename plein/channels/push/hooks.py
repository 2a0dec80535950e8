"""What push adds to shared pages: the manifest and script in every page's
head, and a tab in the settings."""

from django.utils.translation import pgettext_lazy

from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item

register_fragment("base.head", "push.head", "push/fragments/_head.html")
register_menu_item(
    "settings.tabs",
    "push",
    pgettext_lazy("settings tab", "Push"),
    "push:settings",
    order=50,
)

# How this app's events read in the audit log.
register_event_labels(
    {
        "push.subscription.added": pgettext_lazy("audit action", "Push turned on"),
        "push.subscription.removed": pgettext_lazy("audit action", "Push turned off"),
    }
)
