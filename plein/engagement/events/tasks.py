"""Events' background work: calendar requests and the day-before reminders."""

from crontask import cron

from plein.core.tasks import retrying_task


@retrying_task
def send_invitations(*, post_id: int) -> int:
    """Send the calendar requests of an event's new invitations (once each)."""
    from plein.engagement.events.actions import do_send_invitations

    return do_send_invitations(post_id)


@cron("5 * * * *")
@retrying_task
def send_event_reminders() -> int:
    """Hourly: remind those going of occurrences starting within a day."""
    from plein.engagement.events.actions import do_send_due_reminders

    return do_send_due_reminders()
