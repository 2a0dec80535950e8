"""Posts, their comments, reactions and bookmarks.

Every id passes through ``access_post`` (missing and invisible answer the
same 404) and every write through a ``check_*``/``do_*`` action.
"""

from django.db import transaction
from django.http import HttpResponse
from ninja import Path, Query, Router, Status

from plein.access.posts import access_post, visible_comments
from plein.api.http import ApiRequest
from plein.api.lookups import access_group_param
from plein.api.schemas import (
    MAX_ID,
    BookmarkOut,
    CommentCreateIn,
    CommentListOut,
    CommentOut,
    PostCreateIn,
    PostDetailOut,
    PostOut,
    PostUpdateIn,
    ReactionIn,
    ReactionOut,
)
from plein.api.serializers import build_comment, build_post, build_post_detail
from plein.posts.actions import (
    check_bookmark_post,
    check_create_comment,
    check_edit_post,
    check_publish_post,
    check_react,
    do_delete_post,
)
from plein.posts.models import Comment
from plein.posts.publishing import PostDraft

router = Router(tags=["posts"])

PostId = Path(..., ge=1, le=MAX_ID)


@router.post(
    "",
    response={201: PostDetailOut},
    summary="Publish a post on one's profile or in a group",
)
def post_create(request: ApiRequest, payload: PostCreateIn) -> Status:
    """The same publishing as the composer: checks, files, required readers.

    A refusal by a publish check is recorded by the API's error handler.
    """
    user = request.auth
    with transaction.atomic(durable=True):
        group = access_group_param(user, payload.group_id)
        parts = {}
        if payload.required_readers is not None:
            parts["required_readers"] = payload.required_readers.model_dump()
        post = check_publish_post(
            user,
            PostDraft(
                body=payload.body,
                title=payload.title,
                group=group,
                language=payload.language,
                attachment_ids=list(payload.attachment_ids),
                parts=parts,
                justification=payload.justification,
                source="api",
            ),
        )
    return Status(201, build_post_detail(post))


@router.get("/{post_id}", response=PostDetailOut, summary="One post with its files")
def post_detail(request: ApiRequest, post_id: int = PostId) -> dict:
    return build_post_detail(access_post(request.auth, post_id))


@router.patch("/{post_id}", response=PostOut, summary="Edit one's own post")
def post_edit(
    request: ApiRequest, payload: PostUpdateIn, post_id: int = PostId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_post(user, post_id, for_edit=True)
        post = check_edit_post(
            user,
            post,
            body=post.body if payload.body is None else payload.body,
            title=payload.title,
            language=payload.language,
            justification=payload.justification,
        )
    return build_post(post)


@router.delete(
    "/{post_id}",
    response={204: None},
    summary="Delete a post (author, group admin, moderator)",
)
def post_delete(request: ApiRequest, post_id: int = PostId) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_post(user, post_id, for_delete=True)
        do_delete_post(user, post)
    return Status(204, None)


@router.get(
    "/{post_id}/comments",
    response=CommentListOut,
    summary="Comments on a post, oldest first",
)
def comment_list(
    request: ApiRequest,
    post_id: int = PostId,
    after: int | None = Query(
        None, ge=1, le=MAX_ID, description="next_cursor of the previous page"
    ),
    limit: int = Query(50, ge=1, le=100),
) -> dict:
    user = request.auth
    post = access_post(user, post_id)
    qs = visible_comments(user, Comment.objects.filter(post_id=post.pk)).select_related(
        "author"
    )
    if after is not None:
        qs = qs.filter(pk__gt=after)
    rows = list(qs.order_by("id")[: limit + 1])
    next_cursor = rows[limit - 1].pk if len(rows) > limit else None
    return {
        "items": [build_comment(c) for c in rows[:limit]],
        "next_cursor": next_cursor,
    }


@router.post(
    "/{post_id}/comments", response={201: CommentOut}, summary="Comment on a post"
)
def comment_create(
    request: ApiRequest, payload: CommentCreateIn, post_id: int = PostId
) -> Status:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_post(user, post_id)
        comment = check_create_comment(
            user,
            post,
            body=payload.body,
            parent_id=payload.parent_id,
            justification=payload.justification,
        )
    return Status(201, build_comment(comment))


@router.post(
    "/{post_id}/reactions", response=ReactionOut, summary="Toggle or set a reaction"
)
def reaction_set(
    request: ApiRequest, payload: ReactionIn, post_id: int = PostId
) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_post(user, post_id)
        active = check_react(user, post=post, kind=payload.kind, on=payload.on)
        post.refresh_from_db(fields=["reaction_count"])
    return {
        "kind": payload.kind,
        "active": active,
        "reaction_count": post.reaction_count,
    }


@router.post("/{post_id}/bookmark", response=BookmarkOut, summary="Bookmark a post")
def bookmark_add(request: ApiRequest, post_id: int = PostId) -> dict:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_post(user, post_id)
        check_bookmark_post(user, post, bookmarked=True)
    return {"post_id": post.pk, "is_bookmarked": True}


@router.delete("/{post_id}/bookmark", response={204: None}, summary="Remove a bookmark")
def bookmark_remove(request: ApiRequest, post_id: int = PostId) -> HttpResponse:
    user = request.auth
    with transaction.atomic(durable=True):
        post = access_post(user, post_id)
        check_bookmark_post(user, post, bookmarked=False)
    return HttpResponse(status=204)
