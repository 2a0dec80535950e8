"""What the posts app holds about a person: what they wrote (with earlier
versions and files), reactions, bookmarks and follows, and their place in
others' text (mentions, audiences). See ``plein.core.personal_data``.

Posts and comments are what retention purges, legal holds keep and erasure
may delete; the rules for whole threads live here:

- a hold covers what a person wrote, what was posted in a group, or what the
  person wrote in the group; a held post keeps its comments, and a held
  comment keeps the post it is under;
- a comment is purged when it has expired and none of its replies is kept;
  a post when it has expired and every comment under it can go.
"""

import functools
from collections.abc import Iterator, Mapping
from typing import Any, TypedDict

from django.db import transaction
from django.db.models import Count, Model, Q, QuerySet
from django.utils.translation import gettext as _

from plein.access.posts import visible_comments, visible_posts
from plein.core.personal_data import (
    Criteria,
    DiscoveryFile,
    ErasureContext,
    ExportSection,
    Holds,
    Item,
    PersonalDataProvider,
    PurgedIds,
    RetentionScope,
    RetentionStep,
    item_author,
    register_personal_data,
)
from plein.posts.models import (
    Attachment,
    Bookmark,
    Comment,
    CommentRevision,
    HashtagFollow,
    Post,
    PostAudience,
    PostFollow,
    PostRevision,
    Reaction,
)
from plein.search.index import unindex_comment, unindex_post


def _handle(user: Any) -> str | None:
    return user.handle if user is not None else None


# "Download my data" -------------------------------------------------------------


def build_posts(person: Any) -> list[dict[str, Any]]:
    posts = (
        Post.objects.filter(author=person)
        .select_related("group")
        .prefetch_related("revisions", "hashtags")
        .order_by("id")
    )
    return [
        {
            "id": post.pk,
            "group": post.group.slug if post.group else None,
            "kind": post.kind,
            "title": post.title,
            "body": post.body,
            "language": post.language,
            "created_at": post.created_at,
            "edited_at": post.edited_at,
            "deleted_at": post.deleted_at,
            "withheld_at": post.withheld_at,
            "withheld_reason": post.withheld_reason,
            "hashtags": [tag.name for tag in post.hashtags.all()],
            "earlier_versions": [
                {"title": rev.title, "body": rev.body, "replaced_at": rev.created_at}
                for rev in post.revisions.all()
            ],
        }
        for post in posts
    ]


def build_comments(person: Any) -> list[dict[str, Any]]:
    comments = (
        Comment.objects.filter(author=person)
        .prefetch_related("revisions")
        .order_by("id")
    )
    return [
        {
            "id": comment.pk,
            "post_id": comment.post_id,
            "parent_id": comment.parent_id,
            "body": comment.body,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "deleted_at": comment.deleted_at,
            "withheld_at": comment.withheld_at,
            "withheld_reason": comment.withheld_reason,
            "earlier_versions": [
                {"body": rev.body, "replaced_at": rev.created_at}
                for rev in comment.revisions.all()
            ],
        }
        for comment in comments
    ]


def build_comments_on_my_posts(person: Any) -> list[dict[str, Any]]:
    """Others' comments on one's posts: only those one may see now."""
    others = Comment.objects.filter(post__author=person).exclude(author=person)
    return [
        {
            "id": comment.pk,
            "post_id": comment.post_id,
            "author": _handle(comment.author),
            "body": comment.body,
            "created_at": comment.created_at,
        }
        for comment in visible_comments(person, others)
        .select_related("author")
        .order_by("id")
    ]


def build_mentions(person: Any) -> dict[str, Any]:
    """Others' posts and comments naming one: only those one may see now."""
    posts = (
        visible_posts(person)
        .filter(mentions=person)
        .exclude(author=person)
        .select_related("author")
        .order_by("id")
    )
    comments = (
        visible_comments(person, Comment.objects.filter(mentions=person))
        .exclude(author=person)
        .select_related("author")
        .order_by("id")
    )
    return {
        "posts": [
            {
                "id": post.pk,
                "author": _handle(post.author),
                "title": post.title,
                "body": post.body,
                "created_at": post.created_at,
            }
            for post in posts
        ],
        "comments": [
            {
                "id": comment.pk,
                "post_id": comment.post_id,
                "author": _handle(comment.author),
                "body": comment.body,
                "created_at": comment.created_at,
            }
            for comment in comments
        ],
    }


def build_reactions(person: Any) -> list[Mapping[str, Any]]:
    return list(
        Reaction.objects.filter(user=person)
        .order_by("id")
        .values("kind", "post_id", "comment_id", "created_at")
    )


def build_bookmarks(person: Any) -> list[Mapping[str, Any]]:
    return list(
        Bookmark.objects.filter(user=person)
        .order_by("id")
        .values("post_id", "created_at")
    )


# Legal holds --------------------------------------------------------------------


def held_comments(holds: Holds) -> QuerySet[Comment]:
    """Comments kept by a hold: covered themselves, or under a covered post."""
    own = holds.covering(person="author_id", group="post__group_id")
    if own is None:
        return Comment.objects.none()
    on_post = holds.covering(person="post__author_id", group="post__group_id")
    return Comment.objects.filter(own | (on_post or Q()))


def held_posts(holds: Holds) -> QuerySet[Post]:
    """Posts kept by a hold: covered themselves, or with a held comment."""
    own = holds.covering(person="author_id", group="group_id")
    if own is None:
        return Post.objects.none()
    return Post.objects.filter(own | Q(pk__in=held_comments(holds).values("post_id")))


def held(holds: Holds) -> dict[type[Model], QuerySet[Any]]:
    return {Post: held_posts(holds), Comment: held_comments(holds)}


# Purging for good (retention, and erasure with ERASURE_CONTENT=delete) ------------


def _delete_files(attachments: QuerySet[Attachment]) -> None:
    for attachment in attachments:
        if attachment.file.name:  # as ``if attachment.file``: one is stored
            # After commit: a rolled-back purge keeps its files.
            name, storage = attachment.file.name, attachment.file.storage
            transaction.on_commit(functools.partial(storage.delete, name), robust=True)


def purge_posts(post_ids: list[int]) -> PurgedIds:
    """Delete posts and all that hangs on them, files included, for good.

    Runs in the caller's transaction; the caller records the returned ids.
    """
    if not post_ids:
        return {}
    _delete_files(Attachment.objects.filter(post_id__in=post_ids))
    for post_id in post_ids:
        unindex_post(post_id)
    Attachment.objects.filter(post_id__in=post_ids).delete()
    deleted, _counts = Post.objects.filter(pk__in=post_ids).delete()
    return {"post_ids": post_ids if deleted else [], "comment_ids": []}


def purge_comments(comment_ids: list[int]) -> PurgedIds:
    """Delete comments and their replies for good; recount their posts.

    Runs in the caller's transaction; the caller records the returned ids.
    """
    if not comment_ids:
        return {}
    comments = Comment.objects.filter(pk__in=comment_ids)
    reply_ids = list(
        Comment.objects.filter(parent_id__in=comment_ids).values_list("pk", flat=True)
    )
    all_ids = sorted(set(comment_ids) | set(reply_ids))
    post_ids = sorted(set(comments.values_list("post_id", flat=True)))
    for comment_id in all_ids:
        unindex_comment(comment_id)
    Comment.objects.filter(pk__in=all_ids).delete()
    # Recount what is left: alive comments, replies included.
    for post in Post.objects.filter(pk__in=post_ids).annotate(
        alive=Count("comments", filter=Q(comments__deleted_at__isnull=True))
    ):
        if post.comment_count != post.alive:
            Post.objects.filter(pk=post.pk).update(comment_count=post.alive)
    return {"post_ids": [], "comment_ids": all_ids}


def purge_uploads(attachment_ids: list[int]) -> PurgedIds:
    """Delete uploads that were never attached to a post, with their files."""
    if not attachment_ids:
        return {}
    _delete_files(Attachment.objects.filter(pk__in=attachment_ids))
    Attachment.objects.filter(pk__in=attachment_ids).delete()
    return {"attachment_ids": attachment_ids}


# Erasure ------------------------------------------------------------------------

ERASURE_BATCH = 200


def erase_posts(person: Any, context: ErasureContext) -> None:
    """Drop their bookmarks and follows; with ``delete_content``, their posts
    and comments too (replies under a deleted comment go with it), except
    what a legal hold keeps, which stays under the pseudonym."""
    Bookmark.objects.filter(user=person).delete()
    PostFollow.objects.filter(user=person).delete()
    HashtagFollow.objects.filter(user=person).delete()
    if not context.delete_content:
        return
    post_ids = list(
        Post.objects.filter(author=person)
        .exclude(pk__in=held_posts(context.holds).values("pk"))
        .values_list("pk", flat=True)
    )
    for start in range(0, len(post_ids), ERASURE_BATCH):
        purged = purge_posts(post_ids[start : start + ERASURE_BATCH])
        context.report_purged(purged)
        context.remember_removed("post", purged["post_ids"])
    comment_ids = list(
        Comment.objects.filter(author=person)
        .exclude(pk__in=held_comments(context.holds).values("pk"))
        .values_list("pk", flat=True)
    )
    for start in range(0, len(comment_ids), ERASURE_BATCH):
        purged = purge_comments(comment_ids[start : start + ERASURE_BATCH])
        context.report_purged(purged)
        context.remember_removed("comment", purged["comment_ids"])


# Retention ----------------------------------------------------------------------


def purgeable_comments(scope: RetentionScope) -> QuerySet[Comment]:
    """Expired comments, not held, none of whose replies is still kept."""
    expired = scope.terms.expired(group="post__group_id")
    held = held_comments(scope.holds)
    kept = Comment.objects.exclude(expired) | held
    return (
        Comment.objects.filter(expired)
        .exclude(pk__in=held.values("pk"))
        .exclude(pk__in=kept.filter(parent__isnull=False).values("parent_id"))
    )


def purgeable_posts(scope: RetentionScope) -> QuerySet[Post]:
    """Expired posts, not held, every comment under which can go too."""
    expired_comments = scope.terms.expired(group="post__group_id")
    kept_comments = Comment.objects.exclude(expired_comments) | held_comments(
        scope.holds
    )
    return (
        Post.objects.filter(scope.terms.expired(group="group_id"))
        .exclude(pk__in=held_posts(scope.holds).values("pk"))
        .exclude(pk__in=kept_comments.values("post_id"))
    )


def purgeable_uploads(scope: RetentionScope) -> QuerySet[Attachment]:
    """Uploads never attached to a post, older than the organisation's term."""
    return Attachment.objects.filter(
        post__isnull=True, created_at__lt=scope.terms.default_cutoff
    )


# eDiscovery ---------------------------------------------------------------------


def find_posts(criteria: Criteria) -> QuerySet[Post]:
    """Posts matching, deleted and withheld ones included (no visibility filter)."""
    qs = Post.objects.filter(criteria.dates_q())
    if criteria.person_id:
        qs = qs.filter(author_id=criteria.person_id)
    if criteria.group_id:
        qs = qs.filter(group_id=criteria.group_id)
    if criteria.words():
        # The current text, or any earlier version of it.
        in_revisions = PostRevision.objects.filter(
            criteria.words_q("title", "body")
        ).values("post_id")
        qs = qs.filter(criteria.words_q("title", "body") | Q(pk__in=in_revisions))
    return qs.select_related("author", "group").order_by("created_at", "id")


def find_comments(criteria: Criteria) -> QuerySet[Comment]:
    qs = Comment.objects.filter(criteria.dates_q())
    if criteria.person_id:
        qs = qs.filter(author_id=criteria.person_id)
    if criteria.group_id:
        qs = qs.filter(post__group_id=criteria.group_id)
    if criteria.words():
        in_revisions = CommentRevision.objects.filter(criteria.words_q("body")).values(
            "comment_id"
        )
        qs = qs.filter(criteria.words_q("body") | Q(pk__in=in_revisions))
    return qs.select_related("author", "post__group").order_by("created_at", "id")


def _attachment(attachment: Attachment) -> DiscoveryFile:
    return DiscoveryFile(
        id=attachment.pk,
        filename=attachment.filename,
        size=attachment.size,
        sha256=attachment.sha256,
        file=attachment.file or None,
    )


class _Place(TypedDict):
    """Where an :class:`Item` was written: its group, if any."""

    group_id: int | None
    group: str


def discover(criteria: Criteria) -> Iterator[Item]:
    """Every matching post and comment, each followed by its earlier versions."""
    for post in (
        find_posts(criteria).prefetch_related("attachments").iterator(chunk_size=200)
    ):
        author = item_author(post.author)
        where: _Place = {
            "group_id": post.group_id,
            "group": post.group.slug if post.group else "",
        }
        yield Item(
            kind="post",
            id=post.pk,
            post_id=post.pk,
            comment_id=None,
            **author,
            **where,
            title=post.title,
            body=post.body,
            created_at=post.created_at,
            deleted_at=post.deleted_at,
            withheld_reason=post.withheld_reason,
            attachments=[_attachment(a) for a in post.attachments.all()],
        )
        for revision in PostRevision.objects.filter(post=post).order_by(
            "created_at", "id"
        ):
            yield Item(
                kind="post_revision",
                id=revision.pk,
                post_id=post.pk,
                comment_id=None,
                **author,
                **where,
                title=revision.title,
                body=revision.body,
                created_at=revision.created_at,
            )
    for comment in find_comments(criteria).iterator(chunk_size=200):
        author = item_author(comment.author)
        where = {
            "group_id": comment.post.group_id,
            "group": comment.post.group.slug if comment.post.group else "",
        }
        title = comment.post.title or _("Comment on post %(id)d") % {
            "id": comment.post_id
        }
        yield Item(
            kind="comment",
            id=comment.pk,
            post_id=comment.post_id,
            comment_id=comment.pk,
            **author,
            **where,
            title=title,
            body=comment.body,
            created_at=comment.created_at,
            deleted_at=comment.deleted_at,
            withheld_reason=comment.withheld_reason,
        )
        for comment_revision in CommentRevision.objects.filter(
            comment=comment
        ).order_by("created_at", "id"):
            yield Item(
                kind="comment_revision",
                id=comment_revision.pk,
                post_id=comment.post_id,
                comment_id=comment.pk,
                **author,
                **where,
                title=title,
                body=comment_revision.body,
                created_at=comment_revision.created_at,
            )


register_personal_data(
    PersonalDataProvider(
        app_label="posts",
        order=30,
        models={
            Post: "posts one wrote (and deleted), and who they mention",
            PostRevision: "earlier versions of one's posts",
            PostAudience: "the people a restricted post (mail) was sent to",
            Comment: "comments one wrote, and who they mention",
            CommentRevision: "earlier versions of one's comments",
            Reaction: "one's reactions",
            Bookmark: "the posts one saved",
            PostFollow: "the posts one follows",
            HashtagFollow: "the hashtags one follows",
            Attachment: "the files one uploaded",
        },
        export=(
            ExportSection(
                "posts",
                20,
                "the posts you wrote, with their earlier versions",
                build_posts,
            ),
            ExportSection(
                "comments",
                30,
                "the comments you wrote, with their earlier versions",
                build_comments,
            ),
            ExportSection(
                "comments_on_my_posts",
                40,
                "comments by others on your posts that you can see",
                build_comments_on_my_posts,
            ),
            ExportSection(
                "mentions",
                50,
                "posts and comments that mention you and that you can see",
                build_mentions,
            ),
            ExportSection(
                "reactions",
                60,
                "your reactions to posts and comments",
                build_reactions,
            ),
            ExportSection("bookmarks", 70, "the posts you bookmarked", build_bookmarks),
        ),
        # Comments first: a post can only go once its comments have.
        retention=(
            RetentionStep("comments", purgeable_comments, purge_comments),
            RetentionStep("posts", purgeable_posts, purge_posts),
            RetentionStep("attachments", purgeable_uploads, purge_uploads),
        ),
        erase=erase_posts,
        legal_hold=held,
        ediscovery=discover,
    )
)
