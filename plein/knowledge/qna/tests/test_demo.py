"""The demo questions load through the actions, skipping missing people."""

import pytest

from plein.knowledge.qna.demo import load_demo
from plein.knowledge.qna.models import AnswerVote, Question

pytestmark = pytest.mark.django_db


def test_demo_questions_are_asked_answered_voted_and_accepted(
    make_person, make_group, run_on_commit
):
    anna = make_person("Anna")
    sanne = make_person("Sanne Smit")
    aylin = make_person("Aylin Kaya")
    group = make_group(sanne, "Hypotheken", "open", members=(anna,))
    run_on_commit(
        load_demo,
        {"anna": anna, "sanne.smit": sanne, "aylin.kaya": aylin},
        {"hypotheken": group},
    )
    question = Question.objects.get()
    assert question.post.group == group and question.accepted_answer.author == sanne
    assert AnswerVote.objects.filter(answer=question.accepted_answer).count() == 2
