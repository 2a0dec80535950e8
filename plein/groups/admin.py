from typing import Any, cast

from django.contrib import admin
from django.http import HttpRequest

from plein.groups import actions
from plein.groups.models import Group, JoinRequest, Membership
from plein.people.models import User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "member_count", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    readonly_fields = ["slug", "member_count", "created_by", "created_at"]
    inlines = [MembershipInline]

    def save_model(
        self, request: HttpRequest, obj: Group, form: Any, change: bool
    ) -> None:
        # Only signed-in staff get into the admin; ModelAdmin's signature
        # types the request as anyone's.
        user = cast(User, request.user)
        if change:
            # Through the action, so the feed and the audit log hear of it.
            before = Group.objects.get(pk=obj.pk)
            actions.do_update_group(
                user,
                before,
                name=obj.name,
                description=obj.description,
                kind=obj.kind,
            )
            return
        created = actions.do_create_group(
            user, name=obj.name, description=obj.description, kind=obj.kind
        )
        obj.pk, obj.slug = created.pk, created.slug


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["group", "user", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    readonly_fields = [
        "group",
        "user",
        "message",
        "created_at",
        "decided_by",
        "decided_at",
    ]
