"""What the wall does when a post on it changes elsewhere.

The wall stops showing a changed post by itself: ``plein.access.wall``
checks the post's state on every read. These handlers only send an approved
post back to communications' queue when the change deserves a new look (an
edit, a hold, its group becoming closed or secret), so it never returns to
the wall without a new approval.
"""

from plein.access.roles import GroupKind
from plein.branding.wall.actions import do_return_for_review
from plein.branding.wall.models import WallItem
from plein.core.events import Event, on


@on("posts.post.edited")
def return_edited_post(event: Event) -> None:
    do_return_for_review([event.payload["post_id"]], reason="edited")


@on("posts.post.withheld")
def return_withheld_post(event: Event) -> None:
    do_return_for_review([event.payload["post_id"]], reason="withheld")


@on("groups.group.visibility_changed")
def return_posts_of_closed_group(event: Event) -> None:
    if event.payload.get("to") == GroupKind.OPEN:
        return
    post_ids = list(
        WallItem.objects.filter(
            post__group_id=event.payload["group_id"],
            status=WallItem.Status.APPROVED,
        ).values_list("pk", flat=True)
    )
    if post_ids:
        do_return_for_review(post_ids, reason="group_closed")
