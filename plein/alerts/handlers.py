"""New content is matched against everyone's alerts in the background."""

from plein.alerts.tasks import match_new_content
from plein.core.events import Event, on
from plein.core.tasks import enqueue_on_commit


@on("posts.post.created", "posts.post.released")
def match_new_post(event: Event) -> None:
    post = event.context["post"]
    if post.withheld_at is None:
        enqueue_on_commit(match_new_content, post_id=post.pk, comment_id=None)


@on("posts.comment.created", "posts.comment.released")
def match_new_comment(event: Event) -> None:
    comment = event.context.get("comment")
    if comment is not None and comment.withheld_at is not None:
        return
    enqueue_on_commit(
        match_new_content,
        post_id=event.payload["post_id"],
        comment_id=event.payload["comment_id"],
    )
