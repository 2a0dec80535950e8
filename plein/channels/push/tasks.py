"""Pushing in the background: the channel do_notify calls, and its task.

Idempotent: every (notification, device) pair is claimed before it is
sent, so retries and overlapping runs push each once.
"""

from crontask import cron

from plein.channels.push import actions
from plein.channels.push.models import PushSubscription
from plein.core.tasks import enqueue_on_commit, retrying_task
from plein.notifications.kinds import NotificationKind


@retrying_task
def send_push_notifications(*, key: str, recipient_ids: list[int]) -> int:
    """Push what one do_notify call wrote (enqueued by the push channel).

    Fails, and is retried with back-off, while some push service does not
    answer; what was delivered is not pushed again.
    """
    return actions.do_send_push_notifications(key=key, recipient_ids=recipient_ids)


def schedule_pushes(
    *, kind: NotificationKind, key: str, recipient_ids: list[int]
) -> None:
    """The push channel of notifications (registered in PushConfig.ready).

    ``do_notify`` calls it inside its transaction after writing the rows.
    Only recipients with a device are handed to the task (most people have
    none, and a big fan-out should not queue work for them); the task
    decides per notification (choices, visibility at send time).
    """
    if not kind.push or not recipient_ids:
        return
    with_devices = sorted(
        set(
            PushSubscription.objects.filter(user_id__in=recipient_ids).values_list(
                "user_id", flat=True
            )
        )
    )
    if with_devices:
        enqueue_on_commit(send_push_notifications, key=key, recipient_ids=with_devices)


@cron("55 4 * * *")
@retrying_task
def prune_push_deliveries() -> int:
    """Nightly: forget old claims (after 2 days) and expired subscriptions."""
    return actions.do_prune_push_deliveries()
