"""Django admin for organisation admins: people, departments, invitations.

Edits go through the actions, so the admin obeys the same rules as the
product (no loops in the org chart, deactivation ends sessions and tokens).
"""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from plein.people import actions
from plein.people.http import AuthedRequest
from plein.people.models import ApiToken, Department, Invitation, Skill, User


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "email",
        "handle",
        "department",
        "job_title",
        "role",
        "is_active",
    ]
    list_filter = ["is_active", "role", "department", "location"]
    search_fields = ["full_name", "email", "handle", "job_title"]
    autocomplete_fields = ["manager", "department"]
    filter_horizontal = ["skills"]
    readonly_fields = ["date_joined", "deactivated_at", "last_login"]
    exclude = ["password"]
    actions = ["deactivate", "reactivate"]

    def save_model(
        self, request: HttpRequest, obj: User, form: Any, change: bool
    ) -> None:
        if not change:
            created = actions.do_create_person(
                email=obj.email,
                full_name=obj.full_name,
                role=obj.role,
                job_title=obj.job_title,
                department=obj.department,
                location=obj.location,
                manager=obj.manager,
                phone=obj.phone,
                bio=obj.bio,
            )
            obj.pk = created.pk
            return
        was_active = (
            User.objects.filter(pk=obj.pk).values_list("is_active", flat=True).first()
        )
        obj.save()
        if was_active and not obj.is_active:
            actions.do_deactivate_person(obj)

    @admin.action(description=_("Deactivate the selected people"))
    def deactivate(self, request: AuthedRequest, queryset: QuerySet[User]) -> None:
        done = 0
        for person in queryset.filter(is_active=True).exclude(pk=request.user.pk):
            actions.check_deactivate_person(request.user, person)
            done += 1
        self.message_user(
            request,
            ngettext("%(n)d person deactivated.", "%(n)d people deactivated.", done)
            % {"n": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reactivate the selected people"))
    def reactivate(self, request: AuthedRequest, queryset: QuerySet[User]) -> None:
        for person in queryset.filter(is_active=False):
            actions.check_reactivate_person(request.user, person)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "parent"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "invited_by", "created_at", "accepted_at"]
    readonly_fields = ["token", "invited_by", "created_at", "accepted_at", "user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # invitations are sent from the people management page


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["user", "name", "prefix", "digest", "created_at", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
