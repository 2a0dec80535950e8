"""Outgoing mail in the background: notification e-mails and digests.

Every task is idempotent: notification e-mails are claimed per notification
and digests per person and period, so retries and overlapping runs send
each e-mail once.
"""

from crontask import cron

from plein.core.tasks import enqueue_on_commit, retrying_task
from plein.mail import digest, outbound
from plein.notifications.kinds import NotificationKind
from plein.people.models import User


@retrying_task
def send_notification_emails(
    *, key: str | None = None, recipient_ids: list[int] | None = None
) -> int:
    """E-mail the notifications just written (enqueued by the e-mail channel).

    ``key`` and ``recipient_ids`` narrow the work to one do_notify call;
    without them every pending notification of the last day is sent.
    """
    return outbound.do_send_notification_emails(key=key, recipient_ids=recipient_ids)


def schedule_notification_emails(
    *, kind: NotificationKind, key: str, recipient_ids: list[int]
) -> None:
    """The e-mail channel of notifications (registered in MailConfig.ready).

    ``do_notify`` calls it after writing the rows; the task decides per
    recipient whether to mail (preferences, visibility at send time).
    """
    if kind.email:
        enqueue_on_commit(
            send_notification_emails, key=key, recipient_ids=recipient_ids
        )


@cron("*/5 * * * *")
@retrying_task
def send_pending_notification_emails() -> int:
    """Safety net: e-mail what an earlier run missed (a crash, a lost task)."""
    return outbound.do_send_notification_emails()


@cron("0 7 * * *")
@retrying_task
def send_daily_digests() -> int:
    """Every morning at 07:00 (TIME_ZONE): the daily digests."""
    return digest.do_send_digests(User.DigestFrequency.DAILY)


@cron("0 7 * * Mon")
@retrying_task
def send_weekly_digests() -> int:
    """Monday at 07:00 (TIME_ZONE): the weekly digests."""
    return digest.do_send_digests(User.DigestFrequency.WEEKLY)


@retrying_task
def send_refusal_notice(*, message_id: str) -> bool:
    """Tell the sender why their mail was delivered as mail, not as a post.

    Sent once per message (claimed like a re-injection), only to an active
    person: nobody outside hears about Plein's rules.
    """
    return outbound.do_send_refusal_notice(message_id)


@cron("50 4 * * *")
@retrying_task
def prune_reinjections() -> int:
    """Forget re-injected recipients after a week: Postfix retries for 5 days."""
    from datetime import timedelta

    from django.utils import timezone

    from plein.mail.models import Reinjection

    cutoff = timezone.now() - timedelta(days=7)
    return Reinjection.objects.filter(created_at__lt=cutoff).delete()[0]
