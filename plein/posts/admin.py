"""Content in the Django admin: read, and removed only through the actions."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from plein.posts.actions import do_delete_comment, do_delete_post
from plein.posts.models import Comment, Hashtag, Post, PostRevision


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class RevisionInline(ReadOnlyMixin, admin.TabularInline):
    model = PostRevision
    extra = 0
    fields = readonly_fields = ("created_at", "edited_by", "title", "body")


@admin.register(Post)
class PostAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "author",
        "group",
        "language",
        "created_at",
        "deleted_at",
    ]
    list_filter = [
        "language",
        "kind",
        "group",
        ("deleted_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title", "body", "author__full_name"]
    list_select_related = ["author", "group"]
    inlines = [RevisionInline]
    actions = ["soft_delete"]

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_staff

    @admin.action(description=_("Delete the selected posts (they stay in the archive)"))
    def soft_delete(self, request: HttpRequest, queryset: QuerySet[Post]) -> None:
        for post in queryset.filter(deleted_at__isnull=True):
            do_delete_post(request.user, post)  # type: ignore[arg-type] # staff only
        self.message_user(request, _("Deleted."), messages.SUCCESS)


@admin.register(Comment)
class CommentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "author", "post", "created_at", "deleted_at"]
    search_fields = ["body", "author__full_name"]
    list_select_related = ["author", "post"]
    actions = ["soft_delete"]

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_staff

    @admin.action(description=_("Delete the selected comments"))
    def soft_delete(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        for comment in queryset.filter(deleted_at__isnull=True):
            do_delete_comment(request.user, comment)  # type: ignore[arg-type] # staff


@admin.register(Hashtag)
class HashtagAdmin(ReadOnlyMixin, admin.ModelAdmin):
    search_fields = ["name"]

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return request.user.is_staff
