"""Which compliance pages the menu offers: the same predicates as the views."""

from django import template

from plein.access.compliance import can_read_audit_log
from plein.access.people import is_compliance_officer, is_org_admin

register = template.Library()

register.filter("reads_audit_log", can_read_audit_log)
# eDiscovery and legal holds are the compliance officers'.
register.filter("runs_ediscovery", is_compliance_officer)
register.filter("sets_retention", is_org_admin)
