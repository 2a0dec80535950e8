"""Leak prevention in the Django admin, for org admins; writes go through actions."""

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from plein.access.people import is_org_admin
from plein.core.errors import InvalidInput
from plein.governance.dlp.actions import (
    check_add_term,
    check_delete_term,
    check_update_rule,
    check_update_term,
)
from plein.governance.dlp.models import DlpHit, DlpRule, DlpTerm


class OrgAdminOnly:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_org_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_org_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_org_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_org_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_org_admin(request.user)


@admin.register(DlpRule)
class DlpRuleAdmin(OrgAdminOnly, admin.ModelAdmin):
    """The six rules exist from the start; admins switch them and set the action."""

    list_display = ["code", "enabled", "action", "updated_at"]
    list_editable = ["enabled", "action"]
    fields = ["code", "enabled", "action"]
    readonly_fields = ["code"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: DlpRule, form: Any, change: bool
    ) -> None:
        check_update_rule(request.user, obj, enabled=obj.enabled, action=obj.action)


class DlpTermForm(forms.ModelForm):
    class Meta:
        model = DlpTerm
        fields = ["term", "kind"]


@admin.register(DlpTerm)
class DlpTermAdmin(OrgAdminOnly, admin.ModelAdmin):
    form = DlpTermForm
    list_display = ["term", "kind", "added_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["term"]

    def save_model(
        self, request: HttpRequest, obj: DlpTerm, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        try:
            if change:
                check_update_term(
                    request.user, obj, term=data["term"], kind=data["kind"]
                )
                return
            created = check_add_term(request.user, term=data["term"], kind=data["kind"])
        except InvalidInput as error:
            # Form validation already ran; this only catches races.
            raise forms.ValidationError(str(error.message)) from None
        obj.pk = created.pk
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: DlpTerm) -> None:
        check_delete_term(request.user, obj)

    def delete_queryset(
        self, request: HttpRequest, queryset: QuerySet[DlpTerm]
    ) -> None:
        for item in queryset:
            check_delete_term(request.user, item)


@admin.register(DlpHit)
class DlpHitAdmin(OrgAdminOnly, admin.ModelAdmin):
    """The record of hits and decisions: read only."""

    list_display = ["created_at", "person", "place", "rule", "action", "match"]
    list_filter = ["rule", "action", "place"]
    date_hierarchy = "created_at"
    list_select_related = ["person"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
