"""What the posts app holds about a person: what they wrote (with earlier
versions and files), reactions, bookmarks and follows, and their place in
others' text (mentions, audiences). See ``plein.core.personal_data``."""

from typing import Any

from plein.access.posts import visible_comments, visible_posts
from plein.core.personal_data import (
    ExportSection,
    PersonalDataProvider,
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


def build_reactions(person: Any) -> list[dict[str, Any]]:
    return list(
        Reaction.objects.filter(user=person)
        .order_by("id")
        .values("kind", "post_id", "comment_id", "created_at")
    )


def build_bookmarks(person: Any) -> list[dict[str, Any]]:
    return list(
        Bookmark.objects.filter(user=person)
        .order_by("id")
        .values("post_id", "created_at")
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
    )
)
