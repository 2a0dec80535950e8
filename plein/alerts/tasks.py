"""Matching new content against alerts, and the daily and weekly delivery."""

from crontask import cron
from django.db import transaction

from plein.alerts import actions
from plein.alerts.models import Frequency
from plein.core.tasks import retrying_task


@retrying_task
def match_new_content(*, post_id: int, comment_id: int | None = None) -> int:
    """Record (and for instant alerts deliver) the hits of a new post or comment."""
    with transaction.atomic():
        return actions.do_match_new_content(post_id, comment_id)


@cron("0 7 * * *")
@retrying_task
def deliver_daily_alerts() -> int:
    """Every morning: the in-app notifications of daily alerts."""
    return actions.do_deliver_alert_hits(Frequency.DAILY)


@cron("0 7 * * mon")
@retrying_task
def deliver_weekly_alerts() -> int:
    """Monday morning: the in-app notifications of weekly alerts."""
    return actions.do_deliver_alert_hits(Frequency.WEEKLY)
