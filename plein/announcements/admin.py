"""Django admin: announcements and readers read-only, the reminder policy editable."""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from plein.announcements.actions import (
    build_reminder_days,
    check_update_reminder_policy,
)
from plein.announcements.models import Announcement, ReminderPolicy, RequiredReader
from plein.core.errors import InvalidInput
from plein.people.models import User


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the product only: the admin looks, never touches."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# Shown and read-only: a tuple, so that both options can share it.
READER_FIELDS = ("user", "opened_at", "confirmed_at", "reminders_sent")


class RequiredReaderInline(admin.TabularInline):
    model = RequiredReader
    fields = READER_FIELDS
    readonly_fields = READER_FIELDS
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["post", "created_by", "requires_action", "due_at", "created_at"]
    list_filter = ["requires_action"]
    list_select_related = ["post", "created_by"]
    inlines = [RequiredReaderInline]


@admin.register(RequiredReader)
class RequiredReaderAdmin(ReadOnlyAdmin):
    list_display = [
        "announcement",
        "user",
        "opened_at",
        "confirmed_at",
        "reminders_sent",
        "last_reminded_at",
    ]
    list_select_related = ["announcement__post", "user"]
    search_fields = ["user__full_name", "user__email"]


class ReminderPolicyForm(forms.ModelForm):
    class Meta:
        model = ReminderPolicy
        fields = ["is_enabled", "reminder_days", "escalate_after_days"]

    def clean_reminder_days(self) -> str:
        try:
            return build_reminder_days(self.cleaned_data["reminder_days"])
        except InvalidInput as error:
            raise forms.ValidationError(str(error.message)) from None


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    form = ReminderPolicyForm
    list_display = ["__str__", "is_enabled", "reminder_days", "escalate_after_days"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # One policy for the organisation.
        return not ReminderPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ReminderPolicy, form: Any, change: bool
    ) -> None:
        # The admin site lets only signed-in staff this far.
        actor = cast(User, request.user)
        check_update_reminder_policy(
            actor,
            obj,
            reminder_days=obj.reminder_days,
            escalate_after_days=obj.escalate_after_days,
            is_enabled=obj.is_enabled,
        )
