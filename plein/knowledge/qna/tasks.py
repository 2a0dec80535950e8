"""Offering questions nobody answered, in the background.

The scheduler (``plein crontask``) enqueues the job every 15 minutes; each
question is claimed by inserting its offer round, so a repeated or
overlapping run offers nothing twice and notifies nobody twice.
"""

from crontask import cron

from plein.core.tasks import retrying_task
from plein.knowledge.qna.actions import do_offer_due_questions


@cron("*/15 * * * *")
@retrying_task
def offer_unanswered_questions() -> int:
    """Every 15 minutes: offer questions that waited too long for an answer."""
    return do_offer_due_questions()
