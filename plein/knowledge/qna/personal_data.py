"""What questions and answers add to a person's posts and comments: tags,
acceptance and votes (see ``plein.core.personal_data``)."""

from typing import Any

from plein.access.posts import visible_post_filter
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.knowledge.qna.models import AnswerVote, Question, QuestionOffer


def build_questions(person: Any) -> dict[str, Any]:
    """What questions and answers add to one's posts and comments.

    The questions and answers themselves are in posts.json and
    comments.json; here are their tags, acceptance and the votes one gave.
    """
    return {
        "my_questions": [
            {
                "post_id": row["post_id"],
                "tags": row["tags"].split(),
                "accepted_answer_id": row["accepted_answer_id"],
                "accepted_at": row["accepted_at"],
            }
            for row in Question.objects.filter(post__author=person)
            .order_by("post_id")
            .values("post_id", "tags", "accepted_answer_id", "accepted_at")
        ],
        "my_accepted_answers": list(
            Question.objects.filter(accepted_answer__author=person)
            .order_by("accepted_answer_id")
            .values("accepted_answer_id", "post_id", "accepted_at")
        ),
        "answers_i_accepted": list(
            Question.objects.filter(accepted_by=person)
            .order_by("post_id")
            .values("post_id", "accepted_answer_id", "accepted_at")
        ),
        "answer_votes_given": [
            {"answer_id": answer_id, "post_id": post_id, "created_at": at}
            for answer_id, post_id, at in AnswerVote.objects.filter(voter=person)
            .order_by("id")
            .values_list("answer_id", "answer__post_id", "created_at")
        ],
        # Questions offered to one because nobody answered them, as far as
        # one may still read them (a question moved to a group one is not
        # in is no longer one's to see).
        "questions_offered_to_me": [
            {"post_id": post_id, "offered_at": at}
            for post_id, at in QuestionOffer.objects.filter(person=person)
            .filter(visible_post_filter(person, prefix="question__post__"))
            .order_by("id")
            .values_list("question_id", "offered_at")
        ],
    }


def erase_offers(person: Any, context: ErasureContext) -> None:
    """The questions offered to the person are forgotten (the asker's count
    on the question page goes down by one)."""
    QuestionOffer.objects.filter(person=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="qna",
        order=160,
        models={
            Question: "the tags and accepted answer of one's questions, and "
            "the answers one accepted",
            AnswerVote: "the answers one voted for",
            QuestionOffer: "the unanswered questions one was offered",
        },
        export=(
            ExportSection(
                "questions",
                190,
                "your questions' tags and accepted answers, your accepted "
                "answers, the answers you voted for, the answers you accepted "
                "and the unanswered questions you were offered",
                build_questions,
            ),
        ),
        erase=erase_offers,
    )
)
