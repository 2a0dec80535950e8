from crontask import cron

from plein.core.tasks import retrying_task


@retrying_task
def notify_required_readers(*, announcement_id: int) -> int:
    """Tell each required reader once (the notification key makes it idempotent)."""
    from plein.announcements.models import Announcement
    from plein.notifications.actions import do_notify

    announcement = (
        Announcement.objects.select_related("post").filter(pk=announcement_id).first()
    )
    if announcement is None:
        return 0
    post = announcement.post
    readers = announcement.readers.filter(confirmed_at__isnull=True).values_list(
        "user_id", flat=True
    )
    return do_notify(
        readers,
        kind=announcement.notification_kind,
        key=f"required:{post.pk}",
        actor_id=post.author_id,
        post_id=post.pk,
    )


@cron("0 * * * mon-fri")
@retrying_task
def send_reading_reminders() -> int:
    """Hourly on working days: remind readers whose next reminder is due."""
    from plein.announcements.actions import do_send_due_reminders

    return do_send_due_reminders()
