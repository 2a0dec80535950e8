"""Where office screens are linked from: the person's menu, for the
communications team (org admins and moderators, ``can_manage_screens``)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.screens import can_manage_screens
from plein.core.events import register_event_labels
from plein.core.fragments import register_menu_item

register_menu_item(
    "header.menu",
    "screens",
    _("Office screens"),
    "screens:list",
    order=85,
    when=can_manage_screens,
    active_prefix="/screens/",
)

# How this app's events read in the audit log.
register_event_labels(
    {
        "screens.screen.created": pgettext_lazy("audit action", "Office screen added"),
        "screens.screen.updated": pgettext_lazy(
            "audit action", "Office screen changed"
        ),
        "screens.screen.deleted": pgettext_lazy(
            "audit action", "Office screen removed"
        ),
        "screens.token.created": pgettext_lazy("audit action", "Screen link created"),
        "screens.token.revoked": pgettext_lazy("audit action", "Screen link revoked"),
    }
)
