"""Which compliance pages the menu offers: the same predicates as the views."""

from typing import Any

from django import template

from plein.access.people import is_compliance_officer, is_org_admin
from plein.governance.compliance.audit import can_read_audit_log

register = template.Library()


@register.filter
def reads_audit_log(user: Any) -> bool:
    return can_read_audit_log(user)


@register.filter
def runs_ediscovery(user: Any) -> bool:
    return is_compliance_officer(user)


@register.filter
def sets_retention(user: Any) -> bool:
    return is_org_admin(user)
