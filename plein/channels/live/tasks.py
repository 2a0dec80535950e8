"""Keeping the live event log short."""

from datetime import timedelta

from crontask import cron
from django.conf import settings
from django.utils import timezone

from plein.core.tasks import retrying_task


@cron("35 * * * *")
@retrying_task
def prune_live_events() -> int:
    """Hourly: forget events older than LIVE_KEEP_HOURS (a day by default).

    A browser away longer than that reloads instead of catching up.
    """
    from plein.channels.live.models import LiveEvent

    cutoff = timezone.now() - timedelta(hours=settings.LIVE_KEEP_HOURS)
    return LiveEvent.objects.filter(created_at__lt=cutoff).delete()[0]
