"""Webhook deliveries in the background.

Both tasks are idempotent: an attempt claims its delivery with a conditional
update (``plein.channels.webhooks.actions``), so a repeated or overlapping
run sends nothing twice at once, and a run killed mid-request is picked up
by the sweeper once its claim has run out.
"""

from crontask import cron

from plein.channels.webhooks import actions
from plein.core.tasks import retrying_task


@retrying_task
def deliver_webhook(*, delivery_id: int) -> str:
    """Attempt one delivery if it is due (enqueued per event and per retry)."""
    return actions.do_attempt_delivery(delivery_id)


@cron("* * * * *")
@retrying_task
def send_due_webhook_deliveries() -> int:
    """Every minute: retries that are due, and what a lost task left behind."""
    return actions.do_send_due_deliveries()


@cron("50 4 * * *")
@retrying_task
def prune_webhook_deliveries() -> int:
    """Nightly: forget finished deliveries after ``actions.LOG_KEEP_DAYS``."""
    return actions.do_prune_deliveries()
