"""Shared alerts in the Django admin, saved through the actions."""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from plein.access.people import is_org_admin
from plein.alerts.actions import (
    check_compile_query,
    check_create_alert,
    check_update_alert,
)
from plein.alerts.models import Alert
from plein.core.errors import InvalidInput


class SharedAlertForm(forms.ModelForm):
    user: Any = None

    class Meta:
        model = Alert
        fields = ["name", "description", "query", "is_active"]

    def clean_query(self) -> str:
        try:
            text, _compiled = check_compile_query(self.user, self.cleaned_data["query"])
        except InvalidInput as error:
            raise forms.ValidationError(str(error.message)) from None
        return text


@admin.register(Alert)
class SharedAlertAdmin(admin.ModelAdmin):
    """Only shared alerts: personal ones belong to their owners."""

    form = SharedAlertForm
    list_display = ["name", "is_active", "subscriber_count", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name", "query"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Alert]:
        return super().get_queryset(request).filter(is_shared=True)

    @admin.display(description=_("subscribers"))
    def subscriber_count(self, alert: Alert) -> int:
        return alert.subscriptions.count()

    def get_form(
        self,
        request: HttpRequest,
        obj: Alert | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm]:
        # The admin builds the form class from ``form``: a SharedAlertForm.
        form = cast(
            type[SharedAlertForm], super().get_form(request, obj, change, **kwargs)
        )
        form.user = request.user
        return form

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

    def save_model(
        self, request: HttpRequest, obj: Alert, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            check_update_alert(
                request.user,
                obj,
                name=data["name"],
                description=data["description"],
                query=data["query"],
                is_active=data["is_active"],
            )
            return
        alert = check_create_alert(
            request.user,
            name=data["name"],
            description=data["description"],
            query=data["query"],
            is_shared=True,
        )
        if not data["is_active"]:
            check_update_alert(request.user, alert, is_active=False)
        obj.pk = alert.pk
        obj._state.adding = False
