"""The question page, the lists, related suggestions and the search boost."""

import pytest

from plein.knowledge.qna.actions import check_accept_answer, check_vote
from plein.knowledge.qna.index import rebuild_question_terms
from plein.knowledge.qna.models import Question, QuestionTerm
from plein.knowledge.qna.queries import (
    get_question_page,
    list_questions,
    question_states,
    suggest_related,
    unanswered_questions,
)
from plein.posts.actions import check_create_comment, do_withhold
from plein.posts.models import Withheld
from plein.search.queries import search_content

pytestmark = pytest.mark.django_db


def test_answers_are_ordered_accepted_then_votes_then_oldest(
    ask, answer, alice, bob, carol, make_person, run_on_commit
):
    dora = make_person("Dora Dekker")
    question = ask(alice)
    oldest = answer(bob, question, "Eerste")
    popular = answer(carol, question, "Tweede")
    accepted = answer(dora, question, "Derde")
    reply = run_on_commit(
        check_create_comment, alice, question, body="Dank", parent_id=popular.pk
    )
    check_vote(alice, popular, up=True)
    check_vote(bob, popular, up=True)
    check_accept_answer(alice, question, accepted)
    page = get_question_page(bob, question)
    assert [a.pk for a in page.answers] == [accepted.pk, popular.pk, oldest.pk]
    assert page.accepted_id == accepted.pk and not page.can_accept
    assert page.answers[1].vote_count == 2 and page.answers[1].has_my_vote
    assert [r.pk for r in page.answers[1].thread_replies] == [reply.pk]
    assert not page.answers[1].can_vote or page.answers[1].author_id != bob.pk
    assert get_question_page(alice, question).can_accept


def test_withheld_answers_do_not_count_and_are_not_shown_to_others(
    ask, answer, alice, bob, carol
):
    question = ask(alice)
    reply = answer(bob, question)
    answer(carol, question, "Zichtbaar")
    check_accept_answer(alice, question, reply)
    do_withhold(reply, Withheld.MODERATOR)
    page = get_question_page(alice, question)
    assert [a.author_id for a in page.answers] == [carol.pk]
    assert page.accepted_id is None and page.answer_count == 1
    assert question_states([question.pk])[question.pk] == {
        "is_answered": False,
        "answer_count": 1,
    }
    # Its author still sees it, marked, and not as accepted.
    own = get_question_page(bob, question)
    assert {a.pk for a in own.answers} >= {reply.pk} and own.accepted_id is None


def test_lists_by_tab_tag_and_group(ask, answer, alice, bob, make_group):
    group = make_group(alice, "Juridisch", "open", members=(bob,))
    answered = ask(alice, title="Beantwoord?", tags=["contract"])
    check_accept_answer(alice, answered, answer(bob, answered))
    waiting = ask(alice, title="Open vraag?", group=group)

    def ids(**kwargs):
        return [q.pk for q in list_questions(bob, **kwargs)[0]]

    assert ids() == [waiting.pk, answered.pk]
    assert ids(tab="unanswered") == [waiting.pk]
    assert ids(tab="answered") == [answered.pk]
    assert ids(tag="#Contract") == [answered.pk]
    assert ids(group=group) == [waiting.pk]
    page, cursor = list_questions(bob, limit=1)
    assert [q.pk for q in page] == [waiting.pk] and cursor == waiting.pk
    assert [q.pk for q in list_questions(bob, before=cursor)[0]] == [answered.pk]


def test_unanswered_puts_questions_without_answers_first(ask, answer, alice, bob):
    first = ask(alice, title="Eerste?")
    with_answer = ask(alice, title="Tweede?")
    answer(bob, with_answer)
    newest = ask(alice, title="Derde?")
    solved = ask(alice, title="Vierde?")
    check_accept_answer(alice, solved, answer(bob, solved))
    found = [q.pk for q in unanswered_questions(bob)]
    assert found == [newest.pk, first.pk, with_answer.pk]
    tagged = ask(alice, title="Vijfde?", tags=["printer"])
    assert [q.pk for q in unanswered_questions(bob, tag="printer")] == [tagged.pk]


def test_secret_questions_never_reach_outsiders(ask, alice, bob, carol, make_group):
    secret = make_group(alice, "Overname", "secret", members=(bob,))
    hidden = ask(
        alice, title="Wanneer gaat de overname door?", group=secret, tags=["overname"]
    )
    assert [q.pk for q in list_questions(carol)[0]] == []
    assert unanswered_questions(carol) == []
    assert suggest_related(carol, "overname").questions == []
    assert search_content(carol, "overname").hits == []
    assert [q.post_id for q in suggest_related(bob, "overname").questions] == [
        hidden.pk
    ]
    assert [q.pk for q in list_questions(bob)[0]] == [hidden.pk]


def test_suggestions_match_words_in_either_language_answered_first(
    ask, answer, alice, bob, carol
):
    unanswered = ask(alice, title="Hoe vraag ik ouderschapsverlof aan?")
    answered = ask(
        carol,
        title="Ouderschapsverlof aanvragen bij HR",
        body="Wie weet hoe dit werkt?",
    )
    check_accept_answer(carol, answered, answer(bob, answered))
    ask(alice, title="Waar staat de koffieautomaat?")
    related = suggest_related(bob, "ouderschapsverlof aanvragen")
    assert [q.post_id for q in related.questions] == [answered.pk, unanswered.pk]
    assert related.questions[0].is_answered
    assert related.questions[0].url == f"/questions/{answered.pk}/"
    english = ask(alice, title="How do I book a meeting room?", language="en")
    assert [q.post_id for q in suggest_related(bob, "booking rooms").questions] == [
        english.pk
    ]
    assert not suggest_related(bob, "de het een")
    assert not suggest_related(bob, "")


def test_rebuilding_the_word_index(ask, alice, bob):
    question = ask(alice, title="Parkeren bij kantoor?")
    QuestionTerm.objects.all().delete()
    assert suggest_related(bob, "parkeren").questions == []
    Question.objects.all().delete()  # a bulk load writes posts only
    assert rebuild_question_terms(batch_size=1) == 1
    assert [q.post_id for q in suggest_related(bob, "parkeren").questions] == [
        question.pk
    ]


def test_answered_questions_rank_above_unanswered_in_relevance_search(
    ask, answer, alice, bob
):
    # Same words; the answered one is older, so only the boost lifts it.
    answered = ask(alice, title="Vergoeding thuiswerkplek", body="Hoe zit het?")
    unanswered = ask(alice, title="Vergoeding thuiswerkplek", body="Hoe zit het?")
    check_accept_answer(alice, answered, answer(bob, answered))
    hits = search_content(bob, "thuiswerkplek", order="relevance").hits
    post_hits = [h.post_id for h in hits if h.comment_id is None]
    assert post_hits == [answered.pk, unanswered.pk]
    newest = search_content(bob, "thuiswerkplek", order="newest").hits
    assert [h.post_id for h in newest if h.comment_id is None] == [
        unanswered.pk,
        answered.pk,
    ]


def test_an_answered_question_far_down_the_matches_is_boosted_into_the_page(
    ask, answer, alice, bob, monkeypatch
):
    from plein.search import queries

    # Same words, so the same raw score; only the boost can lift the
    # oldest, answered one past the newer ones, which are read first.
    answered = ask(alice, title="Vergoeding thuiswerkplek", body="Hoe zit het?")
    check_accept_answer(alice, answered, answer(bob, answered))
    for _ in range(5):
        ask(alice, title="Vergoeding thuiswerkplek", body="Hoe zit het?")
    monkeypatch.setattr(queries, "RANK_FETCH", 1)
    monkeypatch.setattr(queries, "RANK_GROWTH", 2)
    hits = search_content(bob, "thuiswerkplek", order="relevance", limit=2).hits
    assert hits[0].post_id == answered.pk


def test_reindex_command_reports_the_count(ask, alice):
    from io import StringIO

    from django.core.management import call_command

    ask(alice)
    out = StringIO()
    call_command("qna_reindex", stdout=out)
    assert out.getvalue().strip() == "1 questions indexed."
