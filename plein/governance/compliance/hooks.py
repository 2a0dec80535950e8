"""The compliance archive's menu entries and the "Erase…" action on people."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.compliance import can_read_audit_log
from plein.access.people import is_compliance_officer, is_org_admin
from plein.core.fragments import register_fragment, register_menu_item

register_menu_item(
    "header.menu",
    "compliance.audit",
    _("Audit log"),
    "compliance:audit",
    order=90,
    when=can_read_audit_log,
)
register_menu_item(
    "header.menu",
    "compliance.exports",
    _("eDiscovery exports"),
    "compliance:exports",
    order=100,
    when=is_compliance_officer,
)
register_menu_item(
    "header.menu",
    "compliance.holds",
    _("Legal holds"),
    "compliance:holds",
    order=110,
    when=is_compliance_officer,
)
register_menu_item(
    "header.menu",
    "compliance.retention",
    pgettext_lazy("how long content is kept", "Retention"),
    "compliance:retention",
    order=120,
    when=is_org_admin,
)


def _may_erase(context: Mapping[str, Any]) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user is not None and context["person"].pk != user.pk and is_org_admin(user)


register_fragment(
    "people.manage.actions",
    "compliance.erase",
    "compliance/fragments/_erase_link.html",
    when=_may_erase,
)
