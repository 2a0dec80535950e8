"""Where the webhooks pages are linked from: the person's menu (for those
who manage any) and a group's page (for those who administer it)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.webhooks import can_manage_any_webhooks
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item

register_menu_item(
    "header.menu",
    "webhooks",
    _("Webhooks"),
    "webhooks:list",
    order=85,
    when=can_manage_any_webhooks,
    active_prefix="/webhooks/",
)
register_fragment(
    "group.links",
    "webhooks.group",
    "webhooks/fragments/_group_link.html",
    order=60,
    when=lambda context: bool(context.get("can_admin")),
)

# How this app's events read in the audit log.
register_event_labels(
    {
        "webhooks.webhook.created": pgettext_lazy("audit action", "Webhook added"),
        "webhooks.webhook.updated": pgettext_lazy("audit action", "Webhook changed"),
        "webhooks.webhook.deleted": pgettext_lazy("audit action", "Webhook deleted"),
        "webhooks.webhook.secret_rotated": pgettext_lazy(
            "audit action", "Webhook secret renewed"
        ),
        "webhooks.webhook.turned_on": pgettext_lazy(
            "audit action", "Webhook turned on"
        ),
        "webhooks.webhook.turned_off": pgettext_lazy(
            "audit action", "Webhook turned off"
        ),
    }
)
