"""Keeping the search index in step with posts and comments.

Indexing runs inside the change's transaction, so a post can be found the
moment its author sees it, and a deleted one is gone as soon as the delete
commits.
"""

from plein.core.events import Event, on
from plein.posts.models import Comment, Post
from plein.search.index import index_comment, index_post, unindex_comment, unindex_post


def _post(event: Event) -> Post | None:
    post = event.context.get("post")
    if post is not None:
        return post
    return Post.objects.filter(pk=event.payload["post_id"]).first()


def _comment(event: Event) -> Comment | None:
    comment = event.context.get("comment")
    if comment is not None:
        return comment
    return (
        Comment.objects.select_related("post")
        .filter(pk=event.payload["comment_id"])
        .first()
    )


@on("posts.post.created", "posts.post.edited")
def index_written_post(event: Event) -> None:
    post = _post(event)
    if post is not None:
        index_post(post, new=event.name == "posts.post.created")


@on("posts.post.deleted")
def unindex_deleted_post(event: Event) -> None:
    unindex_post(event.payload["post_id"])


@on("posts.comment.created", "posts.comment.edited")
def index_written_comment(event: Event) -> None:
    comment = _comment(event)
    if comment is not None:
        new = event.name == "posts.comment.created"
        index_comment(comment, post=event.context.get("post"), new=new)


@on("posts.comment.deleted")
def unindex_deleted_comment(event: Event) -> None:
    unindex_comment(event.payload["comment_id"])
