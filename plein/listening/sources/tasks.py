"""Polling the feeds in the background (docs/listening.md)."""

from crontask import cron

from plein.core.tasks import retrying_task
from plein.listening.sources.polling import run_poll


@cron("*/5 * * * *")
@retrying_task
def poll_feeds() -> dict[str, int]:
    """Every five minutes: poll the due feeds, bounded in number and time.

    Each feed is claimed first, so overlapping runs (several workers, a
    retried run) never poll the same feed twice at once.
    """
    return run_poll()
