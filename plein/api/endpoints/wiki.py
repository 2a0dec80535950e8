"""The wiki: pages, revisions, diffs, restore, verification, owners, files, search.

Every page id passes through ``access_page`` (missing and invisible answer
the same 404) and every write through a ``check_*`` action of
``plein.knowledge.wiki.actions``. A save from a stale base revision answers
409 with ``current_revision``, and nothing is overwritten.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import File, Path, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from plein.access.people import access_person
from plein.access.wiki import (
    access_page,
    access_revision,
    can_edit_page,
    can_manage_page,
)
from plein.api.http import ApiRequest
from plein.api.lookups import access_group_param
from plein.api.schemas import MAX_ID, GroupRef, PersonRef
from plein.api.serializers import build_group_ref, build_person_ref
from plein.core.errors import InvalidInput, NotFound
from plein.knowledge.wiki import queries
from plein.knowledge.wiki.actions import (
    check_change_owner,
    check_create_page,
    check_delete_page,
    check_edit_page,
    check_move_page,
    check_restore_revision,
    check_upload_page_file,
    check_verify_page,
    do_record_page_read,
)
from plein.knowledge.wiki.links import file_url, page_url
from plein.knowledge.wiki.models import Revision

router = Router(tags=["wiki"])

PageId = Path(..., ge=1, le=MAX_ID)
Number = Field(ge=1, le=2**31 - 1)
UploadField = File(...)


# --- Schemas -----------------------------------------------------------------


class PageBriefOut(Schema):
    id: int
    title: str
    group: GroupRef | None
    parent_id: int | None
    url: str


class PageTreeItemOut(PageBriefOut):
    depth: int = Field(description="0 for a page at the top of its wiki.")
    owner: PersonRef
    updated_at: datetime
    last_verified_at: datetime | None


class PageListOut(Schema):
    items: list[PageTreeItemOut]


class TocEntryOut(Schema):
    level: int
    text: str
    anchor: str = Field(description="The id of the heading in ``html``.")


class PageFileOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    is_image: bool
    url: str
    markdown: str = Field(description="How the page's text refers to this file.")
    created_at: datetime


class PageOut(PageBriefOut):
    slug: str
    revision: int = Field(description="Name it as base_revision when editing.")
    body: str
    html: str
    language: str
    toc: list[TocEntryOut]
    backlinks: list[PageBriefOut]
    files: list[PageFileOut]
    owner: PersonRef
    created_at: datetime
    updated_at: datetime
    last_verified_at: datetime | None
    last_verified_by: PersonRef | None
    can_edit: bool
    can_manage: bool = Field(description="May delete the page or change its owner.")


class PageCreateIn(Schema):
    title: str = Field(max_length=1000)
    body: str = ""
    group_id: int | None = Field(None, ge=1, le=MAX_ID)
    parent_id: int | None = Field(None, ge=1, le=MAX_ID)
    justification: str = Field("", max_length=2000)


class PageEditIn(Schema):
    title: str = Field(max_length=1000)
    body: str = ""
    base_revision: int = Field(
        ge=1, le=2**31 - 1, description="The revision the edit started from."
    )
    note: str = Field("", max_length=1000)
    justification: str = Field("", max_length=2000)


class RestoreIn(Schema):
    number: int = Number


class OwnerIn(Schema):
    owner_id: int = Field(ge=1, le=MAX_ID)


class MoveIn(Schema):
    parent_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Null: the top of the wiki. Must be in the page's wiki, "
        "or in the one named by group_id or to_organisation.",
    )
    group_id: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Move to this group's wiki. Without it (or to_organisation) "
        "the page stays in its wiki.",
    )
    to_organisation: bool = Field(
        False, description="Move to the organisation-wide wiki."
    )
    include_subpages: bool = Field(
        False,
        description="Move the pages under it along to the other wiki; "
        "required when it has any.",
    )
    justification: str = Field(
        "",
        max_length=2000,
        description="Why the text may be published in the other wiki, when "
        "leak prevention asks.",
    )


class RevisionOut(Schema):
    number: int
    title: str
    author: PersonRef
    note: str
    created_at: datetime


class RevisionDetailOut(RevisionOut):
    body: str


class HistoryOut(Schema):
    items: list[RevisionOut]


class DiffLineOut(Schema):
    op: str = Field(description='"same", "added" or "removed".')
    text: str


class DiffOut(Schema):
    older: int
    newer: int
    lines: list[DiffLineOut]


class PageHitOut(Schema):
    id: int
    title: str
    snippet: str = Field(description="Escaped HTML; matches in <mark>.")
    group: GroupRef | None
    url: str
    updated_at: datetime
    score: float | None


class SearchOut(Schema):
    items: list[PageHitOut]


class StalePageOut(PageBriefOut):
    last_verified_at: datetime | None


class StaleListOut(Schema):
    items: list[StalePageOut]
    stale_after_days: int


# --- Builders ----------------------------------------------------------------


def _brief(page: Any) -> dict[str, Any]:
    return {
        "id": page.pk,
        "title": page.title,
        "group": build_group_ref(page.group),
        "parent_id": page.parent_id,
        "url": page_url(page.pk),
    }


def _file(page_file: Any) -> dict[str, Any]:
    return {
        "id": page_file.pk,
        "filename": page_file.filename,
        "content_type": page_file.content_type,
        "size": page_file.size,
        "is_image": page_file.is_image,
        "url": file_url(page_file.pk),
        "markdown": queries.file_markdown(page_file),
        "created_at": page_file.created_at,
    }


def _page(user: Any, page: Any) -> dict[str, Any]:
    return {
        **_brief(page),
        "slug": page.slug,
        "revision": page.revision,
        "body": page.body,
        "html": page.body_html,
        "language": page.language,
        "toc": [
            {"level": level, "text": text, "anchor": anchor}
            for level, text, anchor in queries.toc(page)
        ],
        "backlinks": [_brief(p) for p in queries.backlinks(user, page)],
        "files": [_file(f) for f in queries.page_files(user, page)],
        "owner": build_person_ref(page.owner),
        "created_at": page.created_at,
        "updated_at": page.updated_at,
        "last_verified_at": page.last_verified_at,
        "last_verified_by": build_person_ref(page.last_verified_by),
        "can_edit": can_edit_page(user, page),
        "can_manage": can_manage_page(user, page),
    }


def _revision(revision: Revision, *, body: bool = False) -> dict[str, Any]:
    found = {
        "number": revision.number,
        "title": revision.title,
        "author": build_person_ref(revision.author),
        "note": revision.note,
        "created_at": revision.created_at,
    }
    if body:
        found["body"] = revision.body
    return found


def _parent_or_field(user: Any, parent_id: int | None) -> Any:
    if parent_id is None:
        return None
    try:
        return access_page(user, parent_id)
    except NotFound:
        raise NotFound(field="parent_id") from None


# --- Pages -------------------------------------------------------------------


@router.get(
    "/pages", response=PageListOut, summary="The pages of a wiki, in tree order"
)
def page_list(
    request: ApiRequest,
    group_id: int | None = Query(
        None, ge=1, le=MAX_ID, description="A group's wiki; left out: every wiki."
    ),
    organisation: bool = Query(False, description="Only the organisation-wide wiki."),
) -> dict:
    user = request.auth
    if group_id is not None:
        tree = queries.page_tree(user, group=access_group_param(user, group_id))
    elif organisation:
        tree = queries.page_tree(user, group=None)
    else:
        tree = queries.page_tree(user, all_wikis=True)
    return {
        "items": [
            {
                **_brief(page),
                "depth": page.depth,
                "owner": build_person_ref(page.owner),
                "updated_at": page.updated_at,
                "last_verified_at": page.last_verified_at,
            }
            for page in tree
        ]
    }


@router.post("/pages", response={201: PageOut}, summary="Create a wiki page")
def page_create(request: ApiRequest, payload: PageCreateIn) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        group = access_group_param(user, payload.group_id)
        parent = _parent_or_field(user, payload.parent_id)
        page = check_create_page(
            user,
            title=payload.title,
            body=payload.body,
            group=group,
            parent=parent,
            justification=payload.justification,
        )
    return Status(201, _page(user, access_page(user, page.pk)))


@router.get(
    "/pages/{page_id}",
    response=PageOut,
    summary="One page: its HTML, contents, backlinks and files (records the read)",
)
def page_detail(request: ApiRequest, page_id: int = PageId) -> dict:
    user = request.auth
    page = access_page(user, page_id)
    with transaction.atomic(durable=True):
        do_record_page_read(user, page)
    return _page(user, page)


@router.patch(
    "/pages/{page_id}",
    response={200: PageOut},
    summary="Save a new revision (409 with current_revision if someone saved first)",
)
def page_edit(request: ApiRequest, payload: PageEditIn, page_id: int = PageId) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        page = access_page(user, page_id)
        check_edit_page(
            user,
            page,
            title=payload.title,
            body=payload.body,
            base_revision=payload.base_revision,
            note=payload.note,
            justification=payload.justification,
        )
    return _page(user, access_page(user, page_id))


@router.delete(
    "/pages/{page_id}",
    response={204: None},
    summary="Delete a page (owner, group admin, organisation admin)",
)
def page_delete(request: ApiRequest, page_id: int = PageId) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        check_delete_page(user, access_page(user, page_id))
    return Status(204, None)


@router.get("/pages/{page_id}/history", response=HistoryOut, summary="Every revision")
def page_history(request: ApiRequest, page_id: int = PageId) -> dict:
    user = request.auth
    page = access_page(user, page_id)
    return {"items": [_revision(r) for r in queries.page_history(user, page)]}


@router.get(
    "/pages/{page_id}/revisions/{number}",
    response=RevisionDetailOut,
    summary="One revision with its text",
)
def revision_detail(
    request: ApiRequest,
    page_id: int = PageId,
    number: int = Path(..., ge=1, le=2**31 - 1),
) -> dict:
    user = request.auth
    revision = access_revision(user, access_page(user, page_id), number)
    return _revision(revision, body=True)


@router.get(
    "/pages/{page_id}/diff",
    response=DiffOut,
    summary="Line by line difference between two revisions",
)
def page_diff(
    request: ApiRequest,
    page_id: int = PageId,
    older: int = Query(..., ge=1, le=2**31 - 1),
    newer: int = Query(..., ge=1, le=2**31 - 1),
) -> dict:
    user = request.auth
    page = access_page(user, page_id)
    return {
        "older": older,
        "newer": newer,
        "lines": queries.diff_revisions(user, page, older, newer),
    }


@router.post(
    "/pages/{page_id}/restore",
    response=PageOut,
    summary="Make an earlier revision the newest (as a new revision)",
)
def page_restore(
    request: ApiRequest, payload: RestoreIn, page_id: int = PageId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        check_restore_revision(user, access_page(user, page_id), number=payload.number)
    return _page(user, access_page(user, page_id))


@router.post(
    "/pages/{page_id}/verify",
    response=PageOut,
    summary="Confirm the page is still right (resets its stale clock)",
)
def page_verify(request: ApiRequest, page_id: int = PageId) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        check_verify_page(user, access_page(user, page_id))
    return _page(user, access_page(user, page_id))


@router.post(
    "/pages/{page_id}/owner",
    response=PageOut,
    summary="Hand the page to another owner (owner, group admin, org admin)",
)
def page_owner(request: ApiRequest, payload: OwnerIn, page_id: int = PageId) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        page = access_page(user, page_id)
        try:
            new_owner = access_person(user, person_id=payload.owner_id)
        except NotFound:
            raise NotFound(field="owner_id") from None
        check_change_owner(user, page, new_owner)
    return _page(user, access_page(user, page_id))


@router.post(
    "/pages/{page_id}/move",
    response=PageOut,
    summary="Put the page under another parent, or in another wiki",
)
def page_move(request: ApiRequest, payload: MoveIn, page_id: int = PageId) -> dict:
    user = request.auth
    if payload.group_id is not None and payload.to_organisation:
        raise InvalidInput(
            _("Choose a group or the organisation's wiki, not both."),
            field="group_id",
        )
    with transaction.atomic(durable=True):
        page = access_page(user, page_id)
        parent = _parent_or_field(user, payload.parent_id)
        # The wiki changes only when the caller names one: a parent in
        # another wiki alone is refused by the action.
        kwargs: dict[str, Any] = {}
        if payload.group_id is not None:
            kwargs["group"] = access_group_param(user, payload.group_id)
        elif payload.to_organisation:
            kwargs["group"] = None
        check_move_page(
            user,
            page,
            parent=parent,
            include_subpages=payload.include_subpages,
            justification=payload.justification,
            **kwargs,
        )
    return _page(user, access_page(user, page_id))


@router.post(
    "/pages/{page_id}/files",
    response={201: PageFileOut},
    summary="Upload an image or file for the page (multipart, field 'file')",
)
def page_file_upload(
    request: ApiRequest, page_id: int = PageId, file: UploadedFile = UploadField
) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        page = access_page(user, page_id)
        stored = check_upload_page_file(
            user,
            page,
            filename=file.name or "",
            content_type=file.content_type or "",
            data=file.read(),
        )
    return Status(201, _file(stored))


# --- Lists -------------------------------------------------------------------


@router.get("/search", response=SearchOut, summary="Search wiki pages")
def page_search(
    request: ApiRequest,
    q: str = Query(..., max_length=500),
    group_id: int | None = Query(None, ge=1, le=MAX_ID),
    limit: int = Query(20, ge=1, le=100),
) -> dict:
    user = request.auth
    group = access_group_param(user, group_id)
    hits = queries.search_pages(user, q, limit=limit, group=group)
    return {
        "items": [
            {
                "id": hit.page_id,
                "title": hit.title,
                "snippet": str(hit.snippet),
                "group": build_group_ref(hit.group),
                "url": hit.url,
                "updated_at": hit.updated_at,
                "score": hit.score,
            }
            for hit in hits
        ]
    }


@router.get(
    "/stale",
    response=StaleListOut,
    summary="The caller's pages not verified for WIKI_STALE_AFTER_DAYS",
)
def stale_list(request: ApiRequest) -> dict:
    from django.conf import settings

    user = request.auth
    return {
        "items": [
            {**_brief(page), "last_verified_at": page.last_verified_at}
            for page in queries.stale_pages(user)
        ],
        "stale_after_days": settings.WIKI_STALE_AFTER_DAYS,
    }
