"""Recognition listens to the questions-and-answers and wiki events.

Each handler re-reads the current state and brings the ledger in line with
it (``do_sync_*``), so a replayed, duplicated or late event cannot add a
point twice or bring back one that was withdrawn.
"""

from django.db import transaction

from plein.core.events import Event, on
from plein.knowledge.recognition import actions


@on("qna.answer.accepted")
@on("qna.answer.unaccepted")
def sync_accepted_answer(event: Event) -> None:
    post_id = event.payload.get("post_id")
    if post_id is not None:
        with transaction.atomic():
            actions.do_sync_question_points(int(post_id))


@on("qna.answer.voted")
def sync_answer_votes(event: Event) -> None:
    answer_id = event.payload.get("answer_id")
    if answer_id is not None:
        with transaction.atomic():
            actions.do_sync_answer_votes(int(answer_id))


@on("wiki.page.verified")
def award_page_verified(event: Event) -> None:
    page_id = event.payload.get("page_id")
    if page_id is not None:
        with transaction.atomic():
            actions.do_award_page_verified(int(page_id), event.actor_id)
