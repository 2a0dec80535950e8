"""Who may see and edit wiki pages.

An organisation-wide page is for everyone in the organisation (not external
guests); a group's page follows the group: whoever may see the group's
posts may read it, and its members may edit it.

A page can move to another wiki, and so to other readers. What it carries
from before (earlier versions, files) was written for the readers of the
wiki it was in then, so each version and each file remembers its wiki
(``group``; None: the organisation's) and is shown only to those who may
read the page now *and* may read that wiki. A secret group's page moved to
the organisation's wiki thus shows everyone its current text and its
history from the move on, while the group's members still see all of it.
"""

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from plein.access.groups import (
    can_admin_group,
    can_post_in_group,
    can_view_group_content,
    content_group_ids_filter,
)
from plein.access.people import is_active_person, is_org_admin, is_outsider
from plein.core.errors import NotFound

if TYPE_CHECKING:
    from plein.knowledge.wiki.models import Page, PageFile, Revision


def _wiki_filter(user: Any, field: str = "group") -> Q:
    """A Q over ``<field>`` admitting the wikis the user may read.

    The organisation's wiki (``<field>`` null) for colleagues, not guests;
    a group's wiki for whoever may read the group's posts.
    """
    organisation = (
        Q(pk__in=[]) if is_outsider(user) else Q(**{f"{field}__isnull": True})
    )
    return organisation | content_group_ids_filter(user, field)


def can_read_wiki(user: Any, group: Any) -> bool:
    """Whether the user may read what is written in a wiki (group None: the org's)."""
    if not is_active_person(user):
        return False
    if group is None:
        return not is_outsider(user)
    return can_view_group_content(user, group)


def visible_pages(user: Any, qs: "QuerySet[Page] | None" = None) -> "QuerySet[Page]":
    """The pages the user may read: the scope filter matching can_view_page."""
    from plein.knowledge.wiki.models import Page

    qs = Page.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(deleted_at__isnull=True).filter(_wiki_filter(user, "group"))


def can_view_page(user: Any, page: Any) -> bool:
    """Whether the user may read the page (and its links, and its history and
    files as far as can_view_revision and can_view_page_file allow)."""
    if page.deleted_at is not None:
        return False
    return can_read_wiki(user, page.group)


def visible_revisions(
    user: Any, qs: "QuerySet[Revision] | None" = None
) -> "QuerySet[Revision]":
    """The versions the user may read: the scope filter matching can_view_revision.

    Versions of visible pages, written in a wiki the user may read.
    """
    from plein.knowledge.wiki.models import Revision

    qs = Revision.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    # The page's rule through the join, not as a subquery over every page:
    # the planner then starts from the versions asked for.
    return qs.filter(
        Q(page__deleted_at__isnull=True)
        & _wiki_filter(user, "page__group")
        & _wiki_filter(user, "group")
    )


def can_view_revision(user: Any, revision: Any) -> bool:
    """Whether the user may read this version of a page (history, diff, restore).

    Both who may read the page now and who could read the wiki the version
    was written in: moving a page to a wider wiki does not publish its past.
    """
    if not can_view_page(user, revision.page):
        return False
    return can_read_wiki(user, revision.group)


def visible_page_files(
    user: Any, qs: "QuerySet[PageFile] | None" = None
) -> "QuerySet[PageFile]":
    """The page files the user may see: the scope filter matching can_view_page_file."""
    from plein.knowledge.wiki.models import PageFile

    qs = PageFile.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(
        Q(page__deleted_at__isnull=True)
        & _wiki_filter(user, "page__group")
        & _wiki_filter(user, "group")
    )


def can_view_page_file(user: Any, page_file: Any) -> bool:
    """Readers of the page who may also read the wiki the file was uploaded in."""
    if not can_view_page(user, page_file.page):
        return False
    return can_read_wiki(user, page_file.group)


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
    """Fetch a page's file the user may see (can_view_page_file), or raise NotFound."""
    from plein.knowledge.wiki.models import PageFile

    try:
        found = PageFile.objects.select_related("page", "page__group", "group").get(
            pk=int(file_id)
        )
    except (PageFile.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not can_view_page_file(user, found):
        raise NotFound()
    return found


def access_revision(user: Any, page: Any, number: int | str) -> Any:
    """Fetch version ``number`` of ``page`` if the user may read it, or NotFound.

    ``page`` comes from ``access_page``. A version written for readers the
    user is not among answers exactly like one that does not exist.
    """
    from plein.knowledge.wiki.models import Revision

    try:
        number = int(number)
    except (ValueError, TypeError):
        raise NotFound() from None
    found = (
        visible_revisions(user, Revision.objects.filter(page=page, number=number))
        .select_related("author", "page", "group")
        .first()
    )
    if found is None:
        raise NotFound()
    return found
