"""The moderation log in the Django admin: read-only, for organisation admins.

Decisions are taken in the queue (through the actions), never here. Reports
are not listed: who reported what stays out of sight (docs/moderation.md).
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from plein.access.people import is_org_admin
from plein.governance.moderation.models import Decision


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "author", "moderator", "post", "comment"]
    list_filter = ["action"]
    search_fields = ["reason"]
    date_hierarchy = "created_at"
    list_select_related = ["author", "moderator", "post", "comment"]
    raw_id_fields = ["post", "comment", "author", "moderator"]

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
