"""Who may see and edit wiki pages.

An organisation-wide page is for everyone in the organisation (not external
guests); a group's page follows the group: whoever may see the group's
posts may read it, and its members may edit it.
"""

from typing import Any

from django.db.models import Q, QuerySet

from plein.access.groups import (
    can_admin_group,
    can_post_in_group,
    can_view_group_content,
    content_group_ids_filter,
)
from plein.access.people import is_active_person, is_guest, is_org_admin
from plein.core.errors import NotFound


def visible_pages(user: Any, qs: QuerySet | None = None) -> QuerySet:
    """The pages the user may read: the scope filter matching can_view_page."""
    from plein.knowledge.wiki.models import Page

    qs = Page.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    organisation = Q(pk__in=[]) if is_guest(user) else Q(group__isnull=True)
    return qs.filter(deleted_at__isnull=True).filter(
        organisation | content_group_ids_filter(user, "group")
    )


def can_view_page(user: Any, page: Any) -> bool:
    """Whether the user may read the page (and its files, history, links)."""
    if not is_active_person(user) or page.deleted_at is not None:
        return False
    if page.group_id is None:
        return not is_guest(user)
    return can_view_group_content(user, page.group)


def can_edit_page(user: Any, page: Any) -> bool:
    if not can_view_page(user, page):
        return False
    if page.group_id is None:
        return True
    return can_post_in_group(user, page.group)


def access_page(user: Any, page_id: int | str) -> Any:
    """Fetch a page the user may read, or raise NotFound (missing or hidden alike)."""
    from plein.knowledge.wiki.models import Page

    try:
        page = Page.objects.select_related("group", "owner", "last_verified_by").get(
            pk=int(page_id)
        )
    except (Page.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_page(user, page):
        raise NotFound()
    return page


def can_manage_page(user: Any, page: Any) -> bool:
    """Delete the page or hand it to a new owner.

    The owner may; so may whoever runs the wiki it lives in: the group's
    admins (and the organisation's admins for a group that is not secret,
    as can_admin_group says) or, for an organisation-wide page, an
    organisation admin.
    """
    if not can_view_page(user, page):
        return False
    if page.owner_id == user.pk:
        return True
    if page.group_id is None:
        return is_org_admin(user)
    return can_admin_group(user, page.group)


def access_page_file(user: Any, file_id: int | str) -> Any:
    """Fetch a page's file if the user may read the page, or raise NotFound."""
    from plein.knowledge.wiki.models import PageFile

    try:
        found = PageFile.objects.select_related("page", "page__group").get(
            pk=int(file_id)
        )
    except (PageFile.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_page(user, found.page):
        raise NotFound()
    return found
