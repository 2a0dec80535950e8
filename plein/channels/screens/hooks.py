"""Where office screens are linked from: the person's menu, for the
communications team (org admins and moderators, ``can_manage_screens``)."""

from django.utils.translation import gettext_lazy as _

from plein.access.screens import can_manage_screens
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
