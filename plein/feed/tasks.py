from crontask import cron
from django.conf import settings

from plein.core.tasks import retrying_task
from plein.feed import actions


@retrying_task
def deliver_post(*, post_id: int) -> int:
    """Fan a new post out to inboxes (idempotent: rows merge on conflict)."""
    return actions.do_deliver_post(post_id)


@retrying_task
def remove_group_from_inbox(*, user_id: int, group_id: int) -> int:
    """After someone leaves a group, its posts leave their feed."""
    return actions.do_remove_group_from_inbox(user_id, group_id)


@retrying_task
def prune_group_inboxes(*, group_id: int) -> int:
    """After a group stops being open, non-members lose its posts."""
    return actions.do_prune_group_inboxes(group_id)


@retrying_task
def backfill_inbox(
    *, user_id: int, group_id: int | None = None, author_id: int | None = None
) -> int:
    """Recent posts of a group just joined or a person just followed."""
    return actions.do_backfill_inbox(user_id, group_id=group_id, author_id=author_id)


@cron("17 3 * * *")
@retrying_task
def trim_inboxes() -> int:
    """Nightly: keep feeds to FEED_INBOX_KEEP read rows a person."""
    return actions.do_trim_inboxes(settings.FEED_INBOX_KEEP)
