"""What push adds to shared pages: the manifest and script in every page's
head, and a tab in the settings."""

from django.utils.translation import pgettext_lazy

from plein.core.fragments import register_fragment, register_menu_item

register_fragment("base.head", "push.head", "push/fragments/_head.html")
register_menu_item(
    "settings.tabs",
    "push",
    pgettext_lazy("settings tab", "Push"),
    "push:settings",
    order=50,
)
