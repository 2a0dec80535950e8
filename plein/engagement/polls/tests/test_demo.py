"""The demo: a running poll, a closed poll with results, a finished quiz."""

import pytest
from django.utils import timezone

from plein.engagement.polls.demo import add_demo
from plein.engagement.polls.models import Poll, Quiz, QuizAttempt
from plein.engagement.polls.queries import get_poll_state

pytestmark = pytest.mark.django_db


def test_demo_adds_a_running_and_a_closed_poll_and_a_taken_quiz(
    make_person, run_on_commit
):
    people = {f"p{i}": make_person() for i in range(12)}
    run_on_commit(add_demo, people, {}, timezone.now())
    running, closed = Poll.objects.order_by("pk")
    assert not running.is_closed() and running.voters.count() > 5
    assert closed.closed_at is not None and closed.is_anonymous
    state = get_poll_state(people["p3"], closed)
    assert state.results_visible and sum(r.count for r in state.results) == 11
    quiz = Quiz.objects.get()
    assert QuizAttempt.objects.filter(quiz=quiz).count() >= 5
