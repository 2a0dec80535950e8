"""Publishing, accepting and the gate in front of posts, comments and mail."""

import pytest

from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.core.events import capture_events
from plein.core.publishing import Draft, run_publish_checks
from plein.governance.guidelines.actions import (
    GuidelinesNotAccepted,
    QuizNotPassed,
    check_accept_guidelines,
    check_export_acceptances,
    check_publish_guidelines,
    check_save_quiz_question,
)
from plein.governance.guidelines.models import (
    Acceptance,
    GuidelinesVersion,
    QuizQuestion,
)
from plein.governance.guidelines.queries import (
    current_version,
    has_accepted,
    quiz_questions,
)
from plein.posts.actions import check_create_comment, check_create_post
from plein.posts.models import Comment, Post

pytestmark = pytest.mark.django_db


def right_answers():
    return {q.pk: q.correct_choice for q in quiz_questions()}


def test_the_migration_ships_version_one_and_a_quiz():
    version = current_version()
    assert version.number == 1
    assert version.is_material
    assert "klantgegevens" in version.body_nl.lower()
    assert "client data" in version.body_en.lower()
    assert 4 <= QuizQuestion.objects.filter(is_active=True).count() <= 5
    for question in quiz_questions():
        assert len(question.choices) >= 2
        assert 1 <= question.correct_choice <= len(question.choices)


def test_personas_have_accepted(alice):
    assert has_accepted(alice)


def test_a_first_post_needs_acceptance(newcomer):
    with pytest.raises(GuidelinesNotAccepted) as refused:
        check_create_post(newcomer, body="Hallo allemaal")
    assert refused.value.status == 403
    assert refused.value.code == "guidelines_not_accepted"
    assert refused.value.as_json() == {
        "detail": refused.value.plain_message,
        "code": "guidelines_not_accepted",
        "url": "/guidelines/",
    }
    assert "<a" not in refused.value.plain_message
    assert not Post.objects.filter(author=newcomer).exists()

    check_accept_guidelines(newcomer, version_number=1)
    post = check_create_post(newcomer, body="Hallo allemaal")
    assert post.author == newcomer


def test_a_first_comment_needs_acceptance(alice, newcomer, make_post):
    post = make_post(alice)
    with pytest.raises(GuidelinesNotAccepted):
        check_create_comment(newcomer, post, body="Welkom!")
    assert not Comment.objects.filter(author=newcomer).exists()
    check_accept_guidelines(newcomer)
    assert check_create_comment(newcomer, post, body="Welkom!").author == newcomer


def test_mail_is_refused_with_a_bounce_text(newcomer):
    with pytest.raises(GuidelinesNotAccepted) as refused:
        run_publish_checks(Draft(actor=newcomer, place="mail", text="Hoi"))
    message = str(refused.value.message)
    assert "/guidelines/" in message
    assert "<a" not in message


def test_a_material_change_asks_again_a_minor_one_does_not(alice, publish):
    publish(is_material=False)
    assert has_accepted(alice)
    check_create_post(alice, body="Na een kleine wijziging")

    publish(is_material=True)
    assert not has_accepted(alice)
    with pytest.raises(GuidelinesNotAccepted):
        check_create_post(alice, body="Na een grote wijziging")

    check_accept_guidelines(alice, version_number=3)
    check_create_post(alice, body="Na het opnieuw accepteren")

    # Accepting the newest material version covers later minor ones.
    publish(is_material=False)
    assert has_accepted(alice)


def test_nothing_is_required_without_guidelines_or_with_the_gate_off(
    newcomer, settings
):
    settings.GUIDELINES_REQUIRED = False
    assert has_accepted(newcomer)
    check_create_post(newcomer, body="De poort staat uit")
    settings.GUIDELINES_REQUIRED = True
    GuidelinesVersion.objects.all().delete()
    assert has_accepted(newcomer)


def test_edits_are_gated_too(alice, publish):
    post = check_create_post(alice, body="Eerste versie")
    publish(is_material=True)
    from plein.posts.actions import check_edit_post

    with pytest.raises(GuidelinesNotAccepted):
        check_edit_post(alice, post, body="Tweede versie")


def test_accepting_emits_an_event_once(newcomer, run_on_commit):
    with capture_events() as events:
        run_on_commit(check_accept_guidelines, newcomer)
        run_on_commit(check_accept_guidelines, newcomer)
    accepted = [e for e in events if e.name == "guidelines.version.accepted"]
    assert len(accepted) == 1
    assert accepted[0].actor_id == newcomer.pk
    assert accepted[0].payload["number"] == 1
    assert Acceptance.objects.filter(person=newcomer).count() == 1


def test_accepting_a_stale_version_is_a_conflict(newcomer, publish):
    publish()
    with pytest.raises(Conflict):
        check_accept_guidelines(newcomer, version_number=1)


def test_nothing_to_accept(newcomer):
    GuidelinesVersion.objects.all().delete()
    with pytest.raises(NotFound):
        check_accept_guidelines(newcomer)


def test_the_quiz_gate(newcomer, publish):
    publish(quiz_required=True)
    answers = right_answers()
    wrong_id = next(iter(answers))
    wrong = {**answers, wrong_id: answers[wrong_id] % 2 + 1}
    with pytest.raises(QuizNotPassed) as failed:
        check_accept_guidelines(newcomer, answers=wrong)
    assert failed.value.data["wrong"] == [wrong_id]
    with pytest.raises(QuizNotPassed):
        check_accept_guidelines(newcomer)
    assert not has_accepted(newcomer)

    acceptance = check_accept_guidelines(newcomer, answers=answers)
    assert acceptance.quiz_passed
    assert has_accepted(newcomer)


def test_only_admins_publish(alice, moderator):
    for person in (alice, moderator):
        with pytest.raises(Forbidden):
            check_publish_guidelines(
                person, title_nl="x", title_en="x", body_nl="x", body_en="x"
            )


def test_publishing_validates_and_emits(admin, run_on_commit):
    with pytest.raises(InvalidInput) as invalid:
        check_publish_guidelines(
            admin, title_nl="Titel", title_en="", body_nl="x", body_en="x"
        )
    assert invalid.value.field == "title_en"
    with capture_events() as events:
        version = run_on_commit(
            check_publish_guidelines,
            admin,
            title_nl="Titel",
            title_en="Title",
            body_nl="Tekst",
            body_en="Text",
            is_material=False,
        )
    assert version.number == 2
    assert version.published_by == admin
    [event] = [e for e in events if e.name == "guidelines.version.published"]
    assert event.payload == {
        "version_id": version.pk,
        "number": 2,
        "is_material": False,
        "quiz_required": False,
    }
    assert event.actor_id == admin.pk


def test_quiz_questions_are_validated(admin, alice):
    question = QuizQuestion(
        text_nl="?",
        text_en="?",
        choices_nl="Ja\nNee",
        choices_en="Yes",
        correct_choice=1,
        explanation_nl="-",
        explanation_en="-",
    )
    with pytest.raises(InvalidInput) as invalid:
        check_save_quiz_question(admin, question)
    assert invalid.value.field == "choices_en"
    question.choices_en = "Yes\nNo"
    question.correct_choice = 3
    with pytest.raises(InvalidInput) as invalid:
        check_save_quiz_question(admin, question)
    assert invalid.value.field == "correct_choice"
    question.correct_choice = 2
    with pytest.raises(Forbidden):
        check_save_quiz_question(alice, question)
    assert check_save_quiz_question(admin, question).pk


def test_the_export_is_for_admins_only(alice, moderator):
    for person in (alice, moderator):
        with pytest.raises(NotFound):
            check_export_acceptances(person)
