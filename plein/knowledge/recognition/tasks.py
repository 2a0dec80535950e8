"""Recognition background work: points for wiki page reads."""

from datetime import timedelta

from crontask import cron
from django.utils import timezone

from plein.core.tasks import retrying_task


@cron("25 * * * *")
@retrying_task
def sync_page_read_points() -> int:
    """Hourly: points for the pages read in the last day (idempotent)."""
    from plein.knowledge.recognition.actions import do_sync_page_reads

    return do_sync_page_reads(since=timezone.now() - timedelta(days=1))
