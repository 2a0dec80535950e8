"""plein.access.polls: predicates and filters agree, for every persona."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.access.polls import (
    access_poll,
    access_quiz,
    can_close_poll,
    can_see_results,
    can_take_quiz,
    can_vote,
    results_visible_now,
    visible_polls,
    visible_quizzes,
)
from plein.access.posts import can_view_post
from plein.access.roles import Role
from plein.core.errors import NotFound
from plein.people.actions import do_deactivate_person
from plein.posts.actions import do_create_post, do_withhold
from plein.posts.models import Withheld

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    alice, bob, carol, make_person, make_group, make_poll, make_quiz, run_on_commit
):
    guest = make_person("Gast", role=Role.GUEST)
    former = make_person("Oud")
    secret = make_group(alice, "Geheim", "secret", members=(bob, former))
    open_group = make_group(alice, "Open", "open", members=(guest,))
    run_on_commit(do_deactivate_person, former)
    polls = {
        "secret": make_poll(alice, group=secret),
        "open": make_poll(alice, group=open_group),
        "profile": make_poll(alice),
    }
    quizzes = {"secret": make_quiz(alice, group=secret), "profile": make_quiz(alice)}
    people = {
        "alice": alice,
        "bob": bob,
        "carol": carol,
        "guest": guest,
        "former": former,
    }
    return people, polls, quizzes


def test_predicates_and_filters_agree(world):
    people, polls, quizzes = world
    for person in people.values():
        visible = set(visible_polls(person).values_list("pk", flat=True))
        for poll in polls.values():
            assert (poll.pk in visible) == can_view_post(person, poll.post)
            assert can_vote(person, poll) == (poll.pk in visible)
        seen = set(visible_quizzes(person).values_list("pk", flat=True))
        for quiz in quizzes.values():
            assert (quiz.pk in seen) == can_take_quiz(person, quiz)


def test_outsiders_see_no_poll_of_a_secret_group(world):
    people, polls, quizzes = world
    for name in ("carol", "guest", "former"):
        with pytest.raises(NotFound):
            access_poll(people[name], polls["secret"].pk)
        with pytest.raises(NotFound):
            access_quiz(people[name], quizzes["secret"].pk)
    assert access_poll(people["bob"], polls["secret"].pk).pk == polls["secret"].pk
    assert not can_see_results(people["carol"], polls["secret"])
    assert not can_close_poll(people["carol"], polls["secret"])


def test_a_post_of_another_kind_or_without_its_row_is_not_found(
    alice, make_post, run_on_commit
):
    post = make_post(alice)
    with pytest.raises(NotFound):
        access_poll(alice, post.pk)
    with pytest.raises(NotFound):
        access_quiz(alice, post.pk)
    bare_poll = run_on_commit(do_create_post, alice, body="Kaal", kind="poll")
    bare_quiz = run_on_commit(do_create_post, alice, body="Kaal", kind="quiz")
    with pytest.raises(NotFound):
        access_poll(alice, bare_poll.pk)
    with pytest.raises(NotFound):
        access_quiz(alice, bare_quiz.pk)


def test_results_live_or_after_closing(alice, bob, make_poll):
    live = make_poll(alice)
    later = make_poll(
        alice, results_shown="closed", closes_at=timezone.now() + timedelta(hours=1)
    )
    assert can_see_results(bob, live) and results_visible_now(live)
    assert not can_see_results(alice, later) and not results_visible_now(later)
    after = timezone.now() + timedelta(hours=2)
    assert can_see_results(bob, later, after)


def test_closing_rights(alice, bob, carol, make_group, make_poll):
    group = make_group(alice, "Team", "open", members=(bob,))
    in_group = make_poll(bob, group=group)
    on_profile = make_poll(bob)
    assert can_close_poll(bob, in_group)  # the author
    assert can_close_poll(alice, in_group)  # the group's admin
    assert not can_close_poll(carol, in_group)
    assert not can_close_poll(alice, on_profile)  # no group to admin
    timed = make_poll(bob, closes_at=timezone.now() + timedelta(hours=1))
    # Past its time it is closed already: the scheduler finishes the job.
    assert not can_close_poll(bob, timed, timezone.now() + timedelta(hours=2))


def test_a_withheld_poll_or_quiz_takes_no_votes(alice, make_poll, make_quiz):
    poll = make_poll(alice)
    quiz = make_quiz(alice)
    do_withhold(poll.post, Withheld.MODERATOR)
    do_withhold(quiz.post, Withheld.MODERATOR)
    poll.post.refresh_from_db()
    quiz.post.refresh_from_db()
    assert can_view_post(alice, poll.post)
    assert not can_vote(alice, poll)
    assert not can_take_quiz(alice, quiz)
