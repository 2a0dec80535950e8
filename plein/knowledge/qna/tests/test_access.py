"""plein/access/qna.py: predicates and filters agree, gatekeepers answer 404."""

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.posts import can_view_post
from plein.access.qna import (
    access_answer,
    access_question,
    can_accept_answer,
    visible_questions,
)
from plein.core.errors import NotFound
from plein.posts.actions import check_create_comment

pytestmark = pytest.mark.django_db


def test_visible_questions_agree_with_can_view_post(
    ask, alice, bob, carol, admin, make_group
):
    closed = make_group(alice, "Dicht", "closed", members=(bob,))
    secret = make_group(alice, "Geheim", "secret", members=(bob,))
    questions = [ask(alice), ask(alice, group=closed), ask(alice, group=secret)]
    for person in (alice, bob, carol, admin, AnonymousUser()):
        visible = set(visible_questions(person).values_list("pk", flat=True))
        for question in questions:
            assert (question.pk in visible) == can_view_post(person, question)
    assert visible_questions(AnonymousUser()).count() == 0


def test_who_may_accept(ask, alice, bob, carol, admin, make_group):
    group = make_group(bob, "Team", "open", members=(alice,))
    secret = make_group(bob, "Kluis", "secret", members=(alice,))
    in_group = ask(alice, group=group)
    assert can_accept_answer(alice, in_group)  # the asker
    assert can_accept_answer(bob, in_group)  # the group's admin
    assert can_accept_answer(admin, in_group)  # organisation admin, open group
    assert not can_accept_answer(carol, in_group)
    hidden = ask(alice, group=secret)
    assert not can_accept_answer(admin, hidden)  # cannot even see it
    on_profile = ask(alice)
    assert not can_accept_answer(bob, on_profile)


def test_gatekeepers_treat_other_posts_and_replies_as_missing(
    ask, answer, alice, bob, make_post, run_on_commit
):
    question = ask(alice)
    reply = answer(bob, question)
    assert access_question(bob, question.pk) == question
    assert access_answer(alice, reply.pk) == reply
    with pytest.raises(NotFound):
        access_question(bob, make_post(alice).pk)
    comment = run_on_commit(
        check_create_comment, alice, question, body="Dank", parent_id=reply.pk
    )
    with pytest.raises(NotFound):
        access_answer(bob, comment.pk)
    with pytest.raises(NotFound):
        access_question(bob, 10**9)
