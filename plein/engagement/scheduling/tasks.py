"""Publishing scheduled posts at their time, in the background.

The scheduler (``plein crontask``) enqueues the job every minute; each
item is claimed with a conditional update in the transaction that
publishes it, so a repeated or overlapping run publishes nothing twice and
a run killed half-way loses nothing.
"""

from crontask import cron

from plein.core.tasks import retrying_task
from plein.engagement.scheduling.actions import do_publish_due


@cron("* * * * *")
@retrying_task
def publish_due_posts() -> int:
    """Every minute: publish the scheduled posts whose time has come."""
    return do_publish_due()
