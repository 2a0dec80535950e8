"""What polls and quizzes hold about a person (see ``plein.core.personal_data``).

The polls and quizzes one wrote are posts (posts.json). Here: the polls one
voted in and, in named polls only, what one chose; the quizzes one took and,
in named quizzes only, the score. An anonymous poll holds nothing more than
"voted", so the export cannot say more either.
"""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.engagement.polls.models import (
    PollChoice,
    PollFreeAnswer,
    PollVoter,
    QuizAttempt,
)


def build_polls(person: Any) -> dict[str, Any]:
    """The polls one voted in, one's named choices, and the quizzes one took."""
    return {
        "polls_voted_in": list(
            PollVoter.objects.filter(voter=person)
            .order_by("poll_id")
            .values_list("poll_id", flat=True)
        ),
        "named_poll_choices": [
            {"post_id": post_id, "option": "(other)" if is_other else label}
            for post_id, label, is_other in PollChoice.objects.filter(voter=person)
            .order_by("option__poll_id", "option__position")
            .values_list("option__poll_id", "option__label", "option__is_other")
        ],
        "named_poll_free_answers": [
            {"post_id": post_id, "answer": text}
            for post_id, text in PollFreeAnswer.objects.filter(voter=person)
            .order_by("poll_id", "text")
            .values_list("poll_id", "text")
        ],
        "quizzes_taken": [
            {"post_id": quiz_id, "score": score, "answers": answers}
            for quiz_id, score, answers in QuizAttempt.objects.filter(taker=person)
            .order_by("quiz_id")
            .values_list("quiz_id", "score", "answers")
        ],
    }


def erase_polls(person: Any, context: ErasureContext) -> None:
    """What they chose in named polls goes; the counts stay as they were.

    Their choices and free answers in named polls are removed (the counters
    already hold the votes without a name, as in an anonymous poll), and
    their quiz answers are dropped; "voted" and "took" rows stay, under the
    pseudonym the people app gives them, so they cannot vote twice.
    """
    PollChoice.objects.filter(voter=person).delete()
    PollFreeAnswer.objects.filter(voter=person).update(voter=None)
    QuizAttempt.objects.filter(taker=person).update(answers=[])


register_personal_data(
    PersonalDataProvider(
        app_label="polls",
        order=215,
        models={
            PollVoter: "the polls one voted in (not what one chose)",
            PollChoice: "what one chose in named polls",
            PollFreeAnswer: "one's free answers in named polls",
            QuizAttempt: "the quizzes one took; in named quizzes the score",
        },
        export=(
            ExportSection(
                "polls",
                215,
                "the polls you voted in, what you chose in named polls, and "
                "the quizzes you took with your score in named ones",
                build_polls,
            ),
        ),
        erase=erase_polls,
    )
)
