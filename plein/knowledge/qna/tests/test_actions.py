"""Asking, answering, voting, accepting and inviting: the rules of the actions."""

import pytest
from django.utils import translation

from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import capture_events
from plein.groups.actions import do_add_member
from plein.knowledge.qna.actions import (
    check_accept_answer,
    check_answer,
    check_ask_question,
    check_invite_to_answer,
    check_vote,
    clean_tags,
)
from plein.knowledge.qna.models import AnswerVote, Question
from plein.notifications.models import Notification
from plein.posts.actions import (
    check_create_comment,
    check_edit_post,
    do_delete_comment,
    do_withhold,
)
from plein.posts.models import Post, Withheld

pytestmark = pytest.mark.django_db


def test_asking_makes_a_question_post_with_tags_and_an_event(alice, run_on_commit):
    with capture_events() as events:
        post = run_on_commit(
            check_ask_question,
            alice,
            title="Hoe declareer ik reiskosten?",
            body="Waar vind ik het formulier?",
            tags=["#Reiskosten", "declaratie", "reiskosten"],
        )
    post.refresh_from_db()
    assert post.kind == "question"
    assert sorted(post.hashtags.values_list("name", flat=True)) == [
        "declaratie",
        "reiskosten",
    ]
    assert Question.objects.get(post=post).tag_list == ["reiskosten", "declaratie"]
    asked = [e for e in events if e.name == "qna.question.asked"]
    assert asked[0].payload == {"post_id": post.pk, "group_id": None}
    assert asked[0].actor_id == alice.pk


def test_a_question_needs_a_title_and_valid_tags(alice):
    with pytest.raises(InvalidInput) as error:
        check_ask_question(alice, title="  ", body="Iets")
    assert error.value.field == "title"
    with pytest.raises(InvalidInput) as error:
        check_ask_question(alice, title="Vraag", body="Iets", tags=["<script>"])
    assert error.value.field == "tags"
    with pytest.raises(InvalidInput) as error:
        check_ask_question(alice, title="Vraag", body="", tags=[])
    assert error.value.field == "body"
    with pytest.raises(InvalidInput) as error:
        clean_tags([f"tag{i}" for i in range(11)])
    assert error.value.field == "tags"
    assert clean_tags("a, b  #c") == ["a", "b", "c"]
    assert not Post.objects.exists()


def test_asking_in_a_group_requires_membership(alice, bob, make_group):
    group = make_group(alice, "Financiën", "closed")
    with pytest.raises(Forbidden):
        check_ask_question(bob, title="Vraag?", body="Tekst", group=group)


def test_editing_a_question_keeps_it_a_question_with_its_tags(
    ask, alice, run_on_commit
):
    post = ask(alice, tags=["verlof"])
    run_on_commit(check_edit_post, alice, post, body="Nieuwe tekst", title="Nieuw?")
    post.refresh_from_db()
    assert post.kind == "question"
    assert list(post.hashtags.values_list("name", flat=True)) == ["verlof"]
    stems = set(Question.objects.get(post=post).terms.values_list("stem", flat=True))
    assert "nieuw" in stems


def test_a_question_keeps_a_title_when_edited(ask, alice):
    post = ask(alice)
    with pytest.raises(InvalidInput) as error:
        check_edit_post(alice, post, body="Nieuwe tekst", title="")
    assert error.value.field == "title"
    post.refresh_from_db()
    assert post.title


def test_answers_are_top_level_comments_on_visible_questions_only(
    ask, alice, bob, carol, make_group, make_post
):
    question = ask(alice)
    answer = check_answer(bob, question, body="Op het intranet.")
    assert answer.post_id == question.pk and answer.parent_id is None
    with pytest.raises(NotFound):
        check_answer(bob, make_post(alice, "Gewone post"), body="Antwoord")
    secret = make_group(alice, "Geheim", "secret")
    hidden = ask(alice, group=secret)
    with pytest.raises(NotFound):
        check_answer(carol, hidden, body="Ik weet het")
    with pytest.raises(InvalidInput) as error:
        check_answer(bob, question, body="   ")
    assert error.value.field == "body"


def test_one_vote_per_person_and_withdrawing(
    ask, answer, alice, bob, carol, django_capture_on_commit_callbacks
):
    question = ask(alice)
    reply = answer(bob, question)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        assert check_vote(alice, reply, up=True) == 1
        assert check_vote(alice, reply, up=True) == 1  # a second vote is ignored
        assert check_vote(carol, reply, up=True) == 2
        assert check_vote(alice, reply, up=False) == 1
        assert check_vote(alice, reply, up=False) == 1
    voted = [e.payload["up"] for e in events if e.name == "qna.answer.voted"]
    assert voted == [True, True, False]
    assert events[0].payload["answer_author_id"] == bob.pk
    assert AnswerVote.objects.filter(answer=reply).count() == 1


def test_nobody_votes_for_their_own_answer(ask, answer, alice, bob):
    reply = answer(bob, ask(alice))
    with translation.override("en"), pytest.raises(Forbidden) as error:
        check_vote(bob, reply, up=True)
    assert "own answer" in str(error.value.message)
    assert not AnswerVote.objects.exists()


def test_replies_and_comments_on_other_posts_are_not_answers(
    ask, answer, alice, bob, carol, make_post, run_on_commit
):
    question = ask(alice)
    reply_to = answer(bob, question)
    comment = run_on_commit(
        check_create_comment, alice, question, body="Dank!", parent_id=reply_to.pk
    )
    with pytest.raises(NotFound):
        check_vote(carol, comment, up=True)
    other = run_on_commit(check_create_comment, bob, make_post(alice), body="Leuk")
    with pytest.raises(NotFound):
        check_vote(carol, other, up=True)


def test_the_asker_accepts_and_the_author_is_notified(
    ask, answer, alice, bob, run_on_commit
):
    question = ask(alice)
    reply = answer(bob, question)
    with capture_events() as events:
        accepted = run_on_commit(check_accept_answer, alice, question, reply)
    assert accepted.accepted_answer == reply and accepted.accepted_by == alice
    event = next(e for e in events if e.name == "qna.answer.accepted")
    assert event.payload == {
        "post_id": question.pk,
        "answer_id": reply.pk,
        "answer_author_id": bob.pk,
        "group_id": None,
    }
    assert event.actor_id == alice.pk
    note = Notification.objects.get(recipient=bob, kind="answer_accepted")
    assert note.post_id == question.pk and note.target == reply


def test_only_the_asker_or_a_group_admin_accepts(
    ask, answer, alice, bob, carol, make_person, make_group, run_on_commit
):
    dora = make_person("Dora Dekker")
    group = make_group(dora, "Techniek", "open", members=(alice, bob))
    question = ask(alice, group=group)
    reply = answer(bob, question)
    with pytest.raises(Forbidden):
        check_accept_answer(carol, question, reply)
    with pytest.raises(Forbidden):
        check_accept_answer(bob, question, reply)
    # Dora owns (administers) the group.
    assert run_on_commit(check_accept_answer, dora, question, reply).accepted_answer
    profile_question = ask(alice, title="Vraag op profiel?")
    other = answer(bob, profile_question)
    with pytest.raises(Forbidden):
        check_accept_answer(dora, profile_question, other)


def test_unaccepting_and_replacing_emit_events(
    ask, answer, alice, bob, carol, django_capture_on_commit_callbacks
):
    question = ask(alice)
    first, second = answer(bob, question), answer(carol, question, "Anders")
    check_accept_answer(alice, question, first)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        check_accept_answer(alice, question, second)
        check_accept_answer(alice, question, None)
        check_accept_answer(alice, question, None)  # nothing left to withdraw
    assert [(e.name, e.payload["answer_id"]) for e in events] == [
        ("qna.answer.unaccepted", first.pk),
        ("qna.answer.accepted", second.pk),
        ("qna.answer.unaccepted", second.pk),
    ]
    assert Question.objects.get(pk=question.pk).accepted_answer is None


def test_withheld_answers_and_answers_elsewhere_cannot_be_accepted(
    ask, answer, alice, bob
):
    question = ask(alice)
    reply = answer(bob, question)
    do_withhold(reply, Withheld.MODERATOR)
    with pytest.raises(InvalidInput) as error:
        check_accept_answer(alice, question, reply)
    assert error.value.field == "answer_id"
    elsewhere = answer(bob, ask(alice, title="Andere vraag?"))
    with pytest.raises(InvalidInput):
        check_accept_answer(alice, question, elsewhere)


def test_deleting_the_accepted_answer_clears_the_acceptance(
    ask, answer, alice, bob, run_on_commit
):
    question = ask(alice)
    reply = answer(bob, question)
    check_accept_answer(alice, question, reply)
    with capture_events() as events:
        run_on_commit(do_delete_comment, bob, reply)
    assert Question.objects.get(pk=question.pk).accepted_answer_id is None
    assert any(e.name == "qna.answer.unaccepted" for e in events)


def test_invitations_reach_only_people_who_can_see_the_question_once(
    ask, alice, bob, carol, make_person, make_group, run_on_commit
):
    dora = make_person("Dora Dekker")
    group = make_group(alice, "Kluis", "secret", members=(bob,))
    question = ask(alice, group=group)
    told = run_on_commit(check_invite_to_answer, alice, question, [bob, carol, dora])
    assert told == 1
    invited = Notification.objects.filter(kind="question_invite")
    assert list(invited.values_list("recipient", flat=True)) == [bob.pk]
    # Idempotent: asking again tells nobody twice.
    assert check_invite_to_answer(alice, question, [bob]) == 0
    run_on_commit(do_add_member, group, dora)
    assert check_invite_to_answer(bob, question, [dora.pk, alice.pk]) == 1
    with pytest.raises(NotFound):
        check_invite_to_answer(carol, question, [bob])
    with pytest.raises(InvalidInput) as error:
        check_invite_to_answer(alice, question, [])
    assert error.value.field == "people"
