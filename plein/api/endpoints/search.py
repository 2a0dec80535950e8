"""Full-text search over posts and comments the caller may see.

The search itself lives in ``plein.search.queries``; this module only parses
the parameters and shapes the answer.
"""

from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict, cast

from ninja import Query, Router

from plein.api.http import ApiRequest
from plein.api.schemas import (
    MAX_ID,
    GroupOut,
    HashtagOut,
    LongQuery,
    PersonOut,
    SearchOrder,
    SearchOut,
)
from plein.api.serializers import (
    build_group,
    build_group_ref,
    build_person,
    build_person_ref,
)
from plein.knowledge.trail.actions import do_record_search
from plein.posts.models import Hashtag
from plein.search.queries import (
    search_content,
    search_groups,
    search_hashtags,
    search_people,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

router = Router(tags=["search"])


class HashtagCount(TypedDict):
    """What ``search_hashtags`` sets on each hashtag it returns."""

    post_count: int


CONTENT_QUERY = Query(..., description='Words and "quoted phrases"')


def _ref(value: Any, build: Any) -> Any:
    # Hits may carry model instances or ready-made dicts.
    if value is None or isinstance(value, dict):
        return value
    return build(value)


def build_hit(hit: Any) -> dict[str, Any]:
    return {
        "post_id": getattr(hit, "post_id", None),
        "comment_id": getattr(hit, "comment_id", None),
        "title": getattr(hit, "title", "") or "",
        "snippet": getattr(hit, "snippet", "") or "",
        "author": _ref(getattr(hit, "author", None), build_person_ref),
        "group": _ref(getattr(hit, "group", None), build_group_ref),
        "created_at": getattr(hit, "created_at", None),
        "score": getattr(hit, "score", None),
        "url": getattr(hit, "url", ""),
    }


@router.get(
    "",
    response=SearchOut,
    summary="Search posts and comments (snippet is escaped HTML)",
)
def search_list(
    request: ApiRequest,
    q: LongQuery = CONTENT_QUERY,
    order: SearchOrder = "newest",
    group_id: int | None = Query(None, ge=1, le=MAX_ID),
    author_id: int | None = Query(None, ge=1, le=MAX_ID),
    date_from: date | None = None,
    date_to: date | None = None,
    before: int | None = Query(
        None,
        ge=1,
        le=MAX_ID,
        description="next_cursor of the previous page (newest order)",
    ),
    limit: int = Query(30, ge=1, le=100),
) -> dict:
    result = search_content(
        request.auth,
        q,
        order=order,
        group_id=group_id,
        author_id=author_id,
        date_from=date_from,
        date_to=date_to,
        before=before,
        limit=limit,
    )
    if before is None:
        # Kept (as stems) only for people who opted in to the search trail.
        do_record_search(request.auth, q)
    return {
        "items": [build_hit(h) for h in result.hits],
        "next_cursor": result.next_cursor,
    }


SearchQ = Query(..., description="Part of a name")
NameLimit = Query(10, ge=1, le=100)


@router.get(
    "/people",
    response=list[PersonOut],
    summary="People whose name, handle or job title matches",
)
def search_people_list(
    request: ApiRequest, q: LongQuery = SearchQ, limit: int = NameLimit
) -> list:
    people = search_people(request.auth, q, limit=limit).select_related("department")
    return [build_person(p, request.auth) for p in people]


@router.get("/groups", response=list[GroupOut], summary="Groups whose name matches")
def search_groups_list(
    request: ApiRequest, q: LongQuery = SearchQ, limit: int = NameLimit
) -> list:
    user = request.auth
    return [build_group(user, g) for g in search_groups(user, q, limit=limit)]


@router.get(
    "/hashtags",
    response=list[HashtagOut],
    summary="Hashtags in use on posts the caller can see",
)
def search_hashtags_list(
    request: ApiRequest, q: LongQuery = SearchQ, limit: int = NameLimit
) -> list:
    # search_hashtags is typed as returning plain hashtags; it sets
    # post_count on each (see its docstring).
    tags = cast(
        "list[WithAnnotations[Hashtag, HashtagCount]]",
        search_hashtags(request.auth, q, limit=limit),
    )
    return [{"id": t.pk, "name": t.name, "post_count": t.post_count} for t in tags]
