"""End to end with the questions-and-answers actions (the issue 5 contract)."""

import pytest
from django.test import Client
from django.urls import reverse

from plein.knowledge.recognition.models import Point

pytestmark = pytest.mark.django_db


def test_answer_votes_and_acceptance_through_qna_actions(
    alice, bob, carol, run_on_commit
):
    from plein.knowledge.qna.actions import (
        check_accept_answer,
        check_answer,
        check_ask_question,
        check_vote,
    )

    question = run_on_commit(
        check_ask_question, alice, title="Travel costs?", body="How do I claim them?"
    )
    answer = run_on_commit(check_answer, bob, question, body="Use the expenses form.")
    other = run_on_commit(check_answer, carol, question, body="Ask your manager.")
    run_on_commit(check_vote, alice, answer, up=True)
    run_on_commit(check_vote, carol, answer, up=True)
    run_on_commit(check_accept_answer, alice, question, answer)
    kinds = sorted(Point.objects.filter(person=bob).values_list("kind", "value"))
    assert kinds == [("accepted_answer", 5), ("answer_vote", 2), ("answer_vote", 2)]
    # Accepting the other answer moves the acceptance points; votes stay.
    run_on_commit(check_accept_answer, alice, question, other)
    assert not Point.objects.filter(person=bob, kind="accepted_answer").exists()
    assert Point.objects.get(person=carol, kind="accepted_answer").value == 5
    run_on_commit(check_vote, carol, answer, up=False)
    assert Point.objects.filter(person=bob, kind="answer_vote").count() == 1
    # The answer's "this helped me" control is on the question page too.
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("qna:detail", args=[question.pk]))
    assert page.status_code == 200
    assert (
        reverse("recognition:helped-comment", args=[answer.pk]) in page.content.decode()
    )
