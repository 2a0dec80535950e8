"""Where the webhooks pages are linked from: the person's menu (for those
who manage any) and a group's page (for those who administer it)."""

from django.utils.translation import gettext_lazy as _

from plein.access.webhooks import can_manage_any_webhooks
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
