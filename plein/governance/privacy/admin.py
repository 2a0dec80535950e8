"""Data exports in the Django admin: read-only, to follow up failures.

Admins see that an export was asked for and how it went, never its
contents: only the owner downloads the zip.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from plein.access.people import is_org_admin
from plein.governance.privacy.models import DataExport

# Shown and read-only: a tuple, so that both options can share it.
EXPORT_FIELDS = (
    "person",
    "status",
    "progress",
    "size",
    "created_at",
    "started_at",
    "finished_at",
    "error",
)


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin):
    list_display = ["person", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["person__full_name", "person__email"]
    list_select_related = ["person"]
    fields = EXPORT_FIELDS
    readonly_fields = EXPORT_FIELDS

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_org_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_org_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
