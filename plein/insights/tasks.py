"""The nightly insights jobs.

The scheduler (``plein crontask``) enqueues them once a night. Both are
idempotent: the rollup recomputes whole days (and catches up on days a
stopped server missed), the flags are claimed per group with a unique row.
"""

from crontask import cron

from plein.core.tasks import retrying_task
from plein.insights.actions import do_flag_inactive_groups
from plein.insights.rollup import do_rollup


@cron("20 1 * * *")
@retrying_task
def rollup_insights() -> int:
    """Every night: compute the days not computed yet and the last few again."""
    return len(do_rollup())


@cron("40 1 * * *")
@retrying_task
def flag_inactive_groups() -> int:
    """Every night: flag groups without posts or comments for a month."""
    return do_flag_inactive_groups()
