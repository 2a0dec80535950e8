"""The candidates' mails and their retention, in the background.

``send_consent_request`` is enqueued when a referral is made (and when HR
sends it again). ``run_candidate_retention`` runs daily: procedures of
closed vacancies end, renewal mails go a month before a year's consent
ends, and candidates whose time is up are erased. Every step is claimed
with a conditional update or rechecked under a lock, so a repeated or
overlapping run (a worker killed halfway) does nothing twice.
"""

from crontask import cron

from plein.core.tasks import retrying_task


@retrying_task
def send_consent_request(*, candidate_id: int) -> bool:
    """Mail the candidate their consent link (once; retried when mail fails)."""
    from plein.careers.referrals.mail import send_consent_mail

    return send_consent_mail(candidate_id)


@cron("15 3 * * *")
@retrying_task
def run_candidate_retention() -> dict:
    """Daily: end procedures, send renewal mails, erase what is due."""
    from plein.careers.referrals.retention import do_run_candidate_retention

    return do_run_candidate_retention()


@retrying_task
def notify_pool_suggestions(*, post_id: int) -> int:
    """Tell HR that pool members may fit a new vacancy (idempotent key)."""
    from plein.careers.referrals.actions import do_notify_pool_suggestions

    return do_notify_pool_suggestions(post_id)
