"""Closing polls at their time, in the background.

The scheduler (``plein crontask``) enqueues the job every minute; closing
is claimed per poll with a conditional update, so a repeated or
overlapping run closes nothing twice and notifies nobody twice.
"""

from crontask import cron

from plein.core.tasks import retrying_task
from plein.engagement.polls.actions import do_close_due_polls


@cron("* * * * *")
@retrying_task
def close_due_polls() -> int:
    """Every minute: close the polls whose closing time has passed."""
    return do_close_due_polls()
