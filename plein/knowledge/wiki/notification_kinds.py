"""The notification about stale pages, and wiki pages as targets."""

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.access.wiki import visible_pages
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)

# A page deleted, or moved to a wiki the reader cannot see, hides the
# notifications about it.
register_notification_target("wiki.page", visible=visible_pages)

# One per owner and stale period, about all their stale pages at once.
register_notification_kind(
    "wiki_stale",
    app="wiki",
    label=pgettext_lazy("notification kind", "My wiki pages that need checking"),
    sentence=lambda n: pgettext(
        "notification", "Some wiki pages you own have not been checked for a while"
    ),
    url=lambda n: reverse("wiki:stale"),
    order=150,
)
