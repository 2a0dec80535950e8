"""A periodic job due every second, for the scheduler's crash test.

Loaded only by the scheduler processes that test starts (``plein crontask
--module plein.core.tests.cron_probe``); the test counts the enqueued runs.
"""

from apscheduler.triggers.cron import CronTrigger
from crontask import cron
from django.tasks import task


@cron(CronTrigger(second="*"))
@task
def tick() -> None:
    """Nothing: the scheduler's test only counts how often this is enqueued."""
