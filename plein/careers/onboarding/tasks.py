"""Onboarding's background work: pages read, and reminders of overdue tasks."""

from crontask import cron

from plein.core.tasks import retrying_task


@cron("*/15 * * * *")
@retrying_task
def sync_onboarding_reads() -> int:
    """Every 15 minutes: tick the "read" tasks whose page has been read."""
    from plein.careers.onboarding.actions import do_sync_page_reads

    return do_sync_page_reads()


@cron("0 8 * * *")
@retrying_task
def send_onboarding_reminders() -> int:
    """Daily at 8: remind whoever is to do an overdue task, once per task."""
    from plein.careers.onboarding.actions import do_send_due_reminders

    return do_send_due_reminders()
