"""Creating, voting, closing and quizzes, through the actions."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.core.events import capture_events
from plein.engagement.polls.actions import (
    check_close_poll,
    check_create_poll,
    check_take_quiz,
    check_vote,
    do_close_due_polls,
    do_close_poll,
)
from plein.engagement.polls.models import (
    PollChoice,
    PollFreeAnswer,
    PollTally,
    PollVoter,
    QuizAttempt,
    QuizQuestion,
)
from plein.engagement.polls.queries import get_poll_state
from plein.engagement.polls.tasks import close_due_polls
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _counts(poll):
    state = get_poll_state(poll.post.author, poll)
    return {r.option.text: r.count for r in state.results}


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["Alleen"], "options"),
        ([str(i) for i in range(11)], "options"),
        (["Ja", "Ja"], "options"),
    ],
)
def test_a_poll_needs_two_to_ten_different_options(alice, options, field):
    with pytest.raises(InvalidInput) as error:
        check_create_poll(alice, question="Wat?", options=options)
    assert error.value.field == field


def test_after_closing_results_need_a_future_closing_time(alice):
    with pytest.raises(InvalidInput) as error:
        check_create_poll(
            alice, question="Wat?", options=["a", "b"], results_shown="closed"
        )
    assert error.value.field == "closes_at"
    with pytest.raises(InvalidInput) as error:
        check_create_poll(
            alice,
            question="Wat?",
            options=["a", "b"],
            closes_at=timezone.now() - timedelta(minutes=1),
        )
    assert error.value.field == "closes_at"


def test_single_choice_takes_one_option_and_multiple_several(alice, bob, make_poll):
    single = make_poll(alice)
    ids = list(single.options.values_list("pk", flat=True))
    with pytest.raises(InvalidInput) as error:
        check_vote(bob, single, option_ids=ids[:2])
    assert error.value.field == "option_ids"
    with pytest.raises(InvalidInput):
        check_vote(bob, single, option_ids=[])
    multiple = make_poll(alice, is_multiple=True)
    check_vote(
        bob,
        multiple,
        option_ids=list(multiple.options.values_list("pk", flat=True))[:2],
    )
    assert _counts(multiple) == {"Strand": 1, "Bos": 1, "Stad": 0}


def test_an_option_of_another_poll_is_refused(alice, bob, make_poll):
    first, second = make_poll(alice), make_poll(alice)
    with pytest.raises(InvalidInput) as error:
        check_vote(bob, first, option_ids=[second.options.first().pk])
    assert error.value.field == "option_ids"


def test_free_answer_counts_as_other(alice, bob, carol, make_poll, vote):
    poll = make_poll(alice, allows_other=True)
    vote(bob, poll, other="Naar de hei")
    assert _counts(poll)["Other"] == 1
    assert get_poll_state(carol, poll).free_answers == ["Naar de hei"]
    no_other = make_poll(alice)
    with pytest.raises(InvalidInput) as error:
        vote(bob, no_other, other="Hei")
    assert error.value.field == "other"


def test_a_named_vote_can_be_changed_until_closing(alice, bob, make_poll, vote):
    poll = make_poll(alice)
    vote(bob, poll, "Strand")
    vote(bob, poll, "Bos")
    assert _counts(poll) == {"Strand": 0, "Bos": 1, "Stad": 0}
    assert PollVoter.objects.filter(poll=poll).count() == 1
    assert list(
        PollChoice.objects.filter(voter=bob).values_list("option__label", flat=True)
    ) == ["Bos"]
    state = get_poll_state(alice, poll)
    assert [p.pk for p in state.results[1].voters] == [bob.pk]


def test_an_anonymous_vote_is_final(alice, bob, make_poll, vote):
    poll = make_poll(alice, is_anonymous=True)
    vote(bob, poll, "Strand")
    with pytest.raises(Conflict):
        vote(bob, poll, "Bos")
    assert _counts(poll) == {"Strand": 1, "Bos": 0, "Stad": 0}
    state = get_poll_state(alice, poll)
    assert all(r.voters == [] for r in state.results)
    assert not get_poll_state(bob, poll).can_vote


def test_a_closed_poll_refuses_votes_even_before_the_task_ran(alice, bob, make_poll):
    poll = make_poll(alice, closes_at=timezone.now() + timedelta(hours=1))
    with (
        time_machine.travel(timezone.now() + timedelta(hours=2)),
        pytest.raises(Forbidden),
    ):
        check_vote(bob, poll, option_ids=[poll.options.first().pk])
    assert not PollVoter.objects.exists()


def test_the_task_closes_due_polls_once_and_tells_the_author(
    alice, bob, make_poll, run_on_commit
):
    due = make_poll(alice, closes_at=timezone.now() + timedelta(minutes=5))
    later = make_poll(alice, closes_at=timezone.now() + timedelta(days=5))
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=10)),
        capture_events() as events,
    ):
        assert run_on_commit(close_due_polls.call) == 1
        assert run_on_commit(close_due_polls.call) == 0
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.closed_at == due.closes_at
    assert later.closed_at is None
    assert [e.name for e in events if e.name.startswith("polls.")] == [
        "polls.poll.closed"
    ]
    assert Notification.objects.filter(recipient=alice, kind="poll_closed").count() == 1
    assert do_close_poll(due.pk) is False


def test_author_and_group_admin_close_others_may_not(
    alice, bob, carol, make_group, make_poll, run_on_commit
):
    group = make_group(alice, "Uitjes", "open", members=(bob,))
    poll = make_poll(bob, group=group)
    with pytest.raises(Forbidden):
        check_close_poll(carol, poll)
    assert run_on_commit(check_close_poll, alice, poll) is True
    poll.refresh_from_db()
    assert poll.closed_at is not None
    # Closing by hand tells nobody: the author did it or saw it done.
    assert not Notification.objects.filter(kind="poll_closed").exists()
    # Closing again changes nothing, and is no error.
    assert check_close_poll(bob, poll) is False


def test_results_after_closing_are_hidden_from_everyone_until_closed(
    alice, bob, make_poll, vote
):
    poll = make_poll(
        alice, results_shown="closed", closes_at=timezone.now() + timedelta(hours=1)
    )
    vote(bob, poll, "Bos")
    for person in (alice, bob):
        state = get_poll_state(person, poll)
        assert not state.results_visible
        assert state.results == []
        assert state.voter_count == 1
    do_close_due_polls(timezone.now() + timedelta(hours=2))
    poll.refresh_from_db()
    assert get_poll_state(bob, poll).results_visible
    assert _counts(poll)["Bos"] == 1


def test_vote_in_a_secret_group_poll_by_an_outsider_is_not_found(
    alice, bob, carol, make_group, make_poll
):
    group = make_group(alice, "Geheim", "secret", members=(bob,))
    poll = make_poll(alice, group=group)
    with pytest.raises(NotFound):
        check_vote(carol, poll, option_ids=[poll.options.first().pk])
    check_vote(bob, poll, option_ids=[poll.options.first().pk])


def test_quiz_scores_and_explains_once(alice, bob, make_quiz, run_on_commit):
    quiz = make_quiz(alice, has_leaderboard=True)
    result = run_on_commit(check_take_quiz, bob, quiz, [[1], [0, 1, 3]])
    assert (result.score, result.total) == (2, 2)
    assert result.questions[0].question.explanation.startswith("Flevoland")
    with pytest.raises(Conflict):
        check_take_quiz(bob, quiz, [[0], [0]])
    attempt = QuizAttempt.objects.get(quiz=quiz, taker=bob)
    assert attempt.score == 2
    assert list(
        QuizQuestion.objects.filter(quiz=quiz).values_list("correct_count", flat=True)
    ) == [1, 1]


def test_quiz_answers_are_checked(alice, bob, make_quiz):
    quiz = make_quiz(alice)
    with pytest.raises(InvalidInput) as error:
        check_take_quiz(bob, quiz, [[1]])
    assert error.value.field == "answers"
    with pytest.raises(InvalidInput):
        check_take_quiz(bob, quiz, [[0, 1], [0]])
    with pytest.raises(InvalidInput):
        check_take_quiz(bob, quiz, [[7], [0]])


def test_an_anonymous_quiz_keeps_no_score_and_has_no_leaderboard(
    alice, bob, make_quiz, run_on_commit
):
    quiz = make_quiz(alice, is_anonymous=True, has_leaderboard=True)
    result = run_on_commit(check_take_quiz, bob, quiz, [[0], [0, 1, 3]])
    assert result.score == 1
    attempt = QuizAttempt.objects.get(quiz=quiz)
    assert (attempt.score, attempt.answers) == (None, [])
    assert not quiz.shows_leaderboard


def test_quiz_needs_right_answers(alice):
    from plein.engagement.polls.actions import check_create_quiz

    with pytest.raises(InvalidInput) as error:
        check_create_quiz(
            alice,
            intro="Quiz",
            questions=[{"text": "Wat?", "options": ["a", "b"], "correct": []}],
        )
    assert error.value.field == "questions"


def test_free_answers_of_anonymous_polls_carry_no_voter(alice, bob, make_poll, vote):
    poll = make_poll(alice, is_anonymous=True, allows_other=True)
    vote(bob, poll, other="Parijs")
    answer = PollFreeAnswer.objects.get(poll=poll)
    assert answer.voter_id is None
    assert PollTally.objects.filter(option__poll=poll, count=1).count() == 1
