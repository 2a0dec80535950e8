from crontask import cron

from plein.core.tasks import retrying_task


@cron("7 * * * *")
@retrying_task
def run_survey_schedule() -> dict[str, int]:
    """Hourly: close finished rounds, open new ones, send due reminders.

    Idempotent: each round opens once (unique number), closes once and is
    reminded once (conditional updates).
    """
    from plein.engagement.surveys.actions import do_run_schedule

    return do_run_schedule()
