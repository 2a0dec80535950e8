"""Offering questions nobody answered to colleagues who opted in."""

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation

from plein.access.roles import Role
from plein.core.events import capture_events
from plein.core.personal_data import ErasureContext, Holds
from plein.knowledge.expertise.actions import check_set_question_offers
from plein.knowledge.qna.actions import (
    do_offer_due_questions,
    do_offer_question,
    list_questions_due_for_offer,
)
from plein.knowledge.qna.models import OfferRound, QuestionOffer
from plein.knowledge.qna.personal_data import build_questions, erase_offers
from plein.knowledge.qna.tasks import offer_unanswered_questions
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db

TITLE = "Hoe vraag ik verlof aan?"


@pytest.fixture
def expert(
    make_person: Callable[..., Any], run_on_commit: Callable[..., Any]
) -> Callable[..., Any]:
    """A colleague who lists the skill "Verlof" and, unless told, opted in."""
    from plein.people.actions import check_update_profile

    def make(name: str, *, opted_in: bool = True, **profile: Any) -> Any:
        person = make_person(name, **profile)
        run_on_commit(check_update_profile, person, person, skills=["Verlof"])
        if opted_in:
            run_on_commit(check_set_question_offers, person, opted_in=True)
        return person

    return make


@pytest.fixture
def later() -> Callable[[float], Any]:
    """A moment ``hours`` from now: the job runs with an explicit now."""

    def at(hours: float) -> Any:
        return timezone.now() + timedelta(hours=hours)

    return at


def offers(post: Any) -> set[int]:
    return set(
        QuestionOffer.objects.filter(question_id=post.pk).values_list(
            "person_id", flat=True
        )
    )


def offer_notifications(person: Any) -> list[int]:
    return list(
        Notification.objects.filter(
            recipient=person, kind="question_offer"
        ).values_list("post_id", flat=True)
    )


def test_question_is_offered_after_24_hours_and_not_before(
    alice, expert, ask, later, run_on_commit
):
    eva = expert("Eva Expert")
    question = ask(alice, TITLE)
    assert run_on_commit(do_offer_due_questions, later(23)) == 0
    assert offer_notifications(eva) == []
    assert not OfferRound.objects.exists()
    assert run_on_commit(do_offer_due_questions, later(25)) == 1
    assert offers(question) == {eva.pk}
    assert offer_notifications(eva) == [question.pk]


def test_offer_notification_reads_as_a_request_for_help(
    alice, expert, ask, later, run_on_commit
):
    from plein.notifications.presentation import (
        build_notification_sentence,
        build_notification_url,
    )

    eva = expert("Eva Expert")
    question = ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    notification = Notification.objects.get(recipient=eva, kind="question_offer")
    with translation.override("en"):
        sentence = str(build_notification_sentence(notification))
    assert "Can you help?" in sentence
    assert "waiting for an answer for a day" in sentence
    assert TITLE in sentence
    # The post link, which leads on to the question page.
    assert build_notification_url(notification) == f"/posts/{question.pk}/"


def test_setting_changes_the_wait(alice, expert, ask, later, run_on_commit, settings):
    settings.QNA_OFFER_AFTER_HOURS = 48
    eva = expert("Eva Expert")
    ask(alice, TITLE)
    assert run_on_commit(do_offer_due_questions, later(25)) == 0
    assert run_on_commit(do_offer_due_questions, later(49)) == 1
    assert len(offer_notifications(eva)) == 1


def test_only_suggested_people_who_opted_in_are_offered(
    alice, expert, make_person, ask, later, run_on_commit
):
    eva = expert("Eva Expert")
    ward = expert("Ward Weigeraar", opted_in=False)
    unrelated = make_person("Nora Nergens")
    run_on_commit(check_set_question_offers, unrelated, opted_in=True)
    question = ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    # Nora opted in but knows nothing of the topic; Ward knows but did not.
    assert offers(question) == {eva.pk}
    assert offer_notifications(ward) == []
    assert offer_notifications(unrelated) == []


def test_at_most_the_configured_number_of_people(
    alice, expert, ask, later, run_on_commit, settings
):
    settings.QNA_OFFER_PEOPLE = 2
    people = [expert(f"Expert {n}") for n in range(4)]
    question = ask(alice, TITLE)
    assert run_on_commit(do_offer_due_questions, later(25)) == 2
    assert len(offers(question)) == 2
    assert offers(question) <= {p.pk for p in people}


def test_secret_group_question_is_offered_to_members_only(
    alice, expert, make_group, ask, later, run_on_commit
):
    inside = expert("Ines Binnen")
    outside = expert("Otto Buiten")
    group = make_group(alice, "Geheim team", kind="secret", members=(inside,))
    question = ask(alice, TITLE, group=group)
    run_on_commit(do_offer_due_questions, later(25))
    assert offers(question) == {inside.pk}
    assert offer_notifications(outside) == []


def test_guests_are_never_offered_questions(
    alice, expert, make_group, ask, later, run_on_commit
):
    guest = expert("Gijs Gast", role=Role.GUEST)
    member = expert("Mila Lid")
    group = make_group(alice, "Projectgroep", kind="closed", members=(guest, member))
    question = ask(alice, TITLE, group=group)
    run_on_commit(do_offer_due_questions, later(25))
    assert offers(question) == {member.pk}
    assert offer_notifications(guest) == []


def test_a_profile_question_is_not_offered_to_a_guest_outside_it(
    alice, expert, ask, later, run_on_commit
):
    guest = expert("Gijs Gast", role=Role.GUEST)
    question = ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    assert offers(question) == set()
    assert offer_notifications(guest) == []


def test_the_asker_is_not_offered_their_own_question(expert, ask, later, run_on_commit):
    asker = expert("Anna Vrager")
    eva = expert("Eva Expert")
    question = ask(asker, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    assert offers(question) == {eva.pk}
    assert offer_notifications(asker) == []


def test_a_question_is_offered_once_however_often_the_job_runs(
    alice, expert, ask, later, run_on_commit
):
    eva = expert("Eva Expert")
    question = ask(alice, TITLE)
    assert run_on_commit(do_offer_due_questions, later(25)) == 1
    assert run_on_commit(do_offer_due_questions, later(25)) == 0
    assert run_on_commit(do_offer_due_questions, later(30)) == 0
    assert run_on_commit(do_offer_question, question.pk, now=later(31)) == 0
    assert OfferRound.objects.filter(question_id=question.pk).count() == 1
    assert offer_notifications(eva) == [question.pk]


def test_a_late_opt_in_does_not_reopen_a_round(
    alice, expert, ask, later, run_on_commit
):
    question = ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    assert OfferRound.objects.filter(question_id=question.pk).exists()
    eva = expert("Eva Expert")
    run_on_commit(do_offer_due_questions, later(26))
    assert offer_notifications(eva) == []


def test_per_person_cap_per_week(alice, expert, ask, later, run_on_commit, settings):
    settings.QNA_OFFER_MAX_PER_PERSON = 3
    eva = expert("Eva Expert")
    questions = [ask(alice, f"{TITLE} ({n})") for n in range(4)]
    run_on_commit(do_offer_due_questions, later(25))
    assert len(offer_notifications(eva)) == 3
    assert QuestionOffer.objects.filter(person=eva).count() == 3
    # The oldest three; the fourth was not offered to her (nor later).
    assert offers(questions[3]) == set()
    assert OfferRound.objects.filter(question_id=questions[3].pk).exists()


def test_the_cap_counts_the_last_seven_days_only(
    alice, expert, ask, later, run_on_commit, settings
):
    settings.QNA_OFFER_MAX_PER_PERSON = 1
    eva = expert("Eva Expert")
    ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    QuestionOffer.objects.filter(person=eva).update(
        offered_at=timezone.now() - timedelta(days=8)
    )
    second = ask(alice, "Verlof opnemen in de zomer?")
    run_on_commit(do_offer_due_questions, later(25))
    assert offers(second) == {eva.pk}


def test_answered_question_is_not_offered(
    alice, bob, expert, ask, answer, later, run_on_commit
):
    eva = expert("Eva Expert")
    question = ask(alice, TITLE)
    answer(bob, question)
    assert list_questions_due_for_offer(later(25)) == []
    run_on_commit(do_offer_due_questions, later(25))
    assert offer_notifications(eva) == []
    assert not OfferRound.objects.exists()


def test_deleted_and_withheld_questions_are_not_offered(
    alice, expert, ask, later, run_on_commit
):
    from plein.posts.models import Post

    eva = expert("Eva Expert")
    deleted = ask(alice, TITLE)
    withheld = ask(alice, "Verlof en vakantiedagen?")
    Post.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    Post.objects.filter(pk=withheld.pk).update(withheld_at=timezone.now())
    assert run_on_commit(do_offer_due_questions, later(25)) == 0
    assert offer_notifications(eva) == []


def test_questions_older_than_the_lookback_are_left_alone(
    alice, expert, ask, run_on_commit
):
    eva = expert("Eva Expert")
    ask(alice, TITLE)
    long_after = timezone.now() + timedelta(days=9)
    assert run_on_commit(do_offer_due_questions, long_after) == 0
    assert offer_notifications(eva) == []


def test_question_moved_to_a_secret_group_before_the_job_is_not_offered_to_outsiders(
    alice, expert, make_group, ask, later, run_on_commit
):
    from plein.groups.actions import check_update_group

    inside = expert("Ines Binnen")
    outside = expert("Otto Buiten")
    group = make_group(alice, "Verlofteam", kind="open", members=(inside,))
    question = ask(alice, TITLE, group=group)
    run_on_commit(
        check_update_group,
        alice,
        group,
        name=group.name,
        description=group.description,
        kind="secret",
    )
    run_on_commit(do_offer_due_questions, later(25))
    assert offers(question) == {inside.pk}
    assert offer_notifications(outside) == []


def test_opting_out_stops_offers(alice, expert, ask, later, run_on_commit):
    eva = expert("Eva Expert")
    run_on_commit(check_set_question_offers, eva, opted_in=False)
    question = ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    assert offers(question) == set()
    assert offer_notifications(eva) == []


def test_switching_the_notification_kind_off_stops_offers(
    alice, expert, ask, later, run_on_commit
):
    from plein.notifications.actions import check_set_preference

    eva = expert("Eva Expert")
    check_set_preference(eva, "question_offer", is_enabled=False)
    question = ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    assert offers(question) == set()


def test_offer_emits_an_event_with_a_count_for_the_offered(
    alice, expert, ask, later, run_on_commit
):
    eva = expert("Eva Expert")
    question = ask(alice, TITLE)
    with capture_events() as events:
        run_on_commit(do_offer_due_questions, later(25))
    offered = [e for e in events if e.name == "qna.question.offered"]
    assert len(offered) == 1
    assert offered[0].payload == {"post_id": question.pk, "offered_count": 1}
    assert offered[0].audience_ids == {eva.pk}


def test_the_periodic_task_offers_due_questions(alice, expert, ask, run_on_commit):
    from plein.posts.models import Post

    eva = expert("Eva Expert")
    question = ask(alice, TITLE)
    Post.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert run_on_commit(offer_unanswered_questions.call) == 1
    assert offer_notifications(eva) == [question.pk]


# The question page and the lists -------------------------------------------


def client_for(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def offer_box(client: Client, question: Any) -> str:
    page = client.get(f"/questions/{question.pk}/").content.decode()
    found = re.search(r'<p [^>]*id="question-offer">(.*?)</p>', page, re.S)
    return found.group(1) if found else ""


def test_asker_sees_the_count_and_only_answerers_names(
    make_person, expert, ask, answer, later, run_on_commit
):
    alice = make_person("Alice de Vries", language="en")
    eva = expert("Eva Expert")
    expert("Fred Helper")
    question = ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    box = offer_box(client_for(alice), question)
    assert "offered to 2 colleagues who know the topic" in box
    assert "Eva Expert" not in box
    assert "Fred Helper" not in box
    answer(eva, question)
    box = offer_box(client_for(alice), question)
    assert "Answered by: Eva Expert." in box
    assert "Fred Helper" not in box


def test_asker_sees_not_offered_when_nobody_suitable_opted_in(
    make_person, expert, ask, later, run_on_commit
):
    alice = make_person("Alice de Vries", language="en")
    expert("Eva Expert", opted_in=False)
    question = ask(alice, TITLE)
    assert offer_box(client_for(alice), question) == ""  # no round yet
    run_on_commit(do_offer_due_questions, later(25))
    assert "was not offered" in offer_box(client_for(alice), question)


def test_others_do_not_see_the_offer_but_moderators_do(
    alice, make_person, expert, ask, later, run_on_commit
):
    expert("Eva Expert")
    reader = make_person("Rob Lezer", language="en")
    mod = make_person("Mo Derator", role=Role.MODERATOR, language="en")
    question = ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    assert offer_box(client_for(reader), question) == ""
    assert "offered to 1 colleague who knows the topic" in offer_box(
        client_for(mod), question
    )


def test_moderators_see_not_offered_on_the_unanswered_list(
    alice, make_person, ask, later, run_on_commit
):
    mod = make_person("Mo Derator", role=Role.MODERATOR, language="en")
    reader = make_person("Rob Lezer", language="en")
    ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    url = "/questions/?tab=unanswered"
    assert "Not offered" in client_for(mod).get(url).content.decode()
    assert "Not offered" not in client_for(reader).get(url).content.decode()


def test_unanswered_list_does_not_add_a_query_per_question(
    alice, make_person, expert, ask, later, run_on_commit, django_assert_max_num_queries
):
    mod = make_person("Mo Derator", role=Role.MODERATOR, language="en")
    expert("Eva Expert")
    for n in range(5):
        ask(alice, f"{TITLE} {n}")
    run_on_commit(do_offer_due_questions, later(25))
    client = client_for(mod)
    client.get("/questions/?tab=unanswered")  # warm caches
    with django_assert_max_num_queries(25):
        page = client.get("/questions/?tab=unanswered").content.decode()
    assert page.count("Offered to 1 colleague") == 3
    assert page.count("Not offered") == 2


# Personal data ----------------------------------------------------------------


def _context() -> ErasureContext:
    return ErasureContext(
        actor=None, delete_content=False, holds=Holds(), report_purged=lambda ids: None
    )


def test_export_lists_the_questions_offered_to_me(
    alice, expert, make_group, ask, later, run_on_commit
):
    from plein.groups.actions import check_leave_group

    eva = expert("Eva Expert")
    group = make_group(alice, "Geheim", kind="secret", members=(eva,))
    visible = ask(alice, TITLE)
    hidden_later = ask(alice, "Verlof in het geheime team?", group=group)
    run_on_commit(do_offer_due_questions, later(25))
    assert offers(hidden_later) == {eva.pk}
    run_on_commit(check_leave_group, eva, group)
    exported = build_questions(eva)["questions_offered_to_me"]
    assert [row["post_id"] for row in exported] == [visible.pk]


def test_erasure_deletes_the_offers_received(alice, expert, ask, later, run_on_commit):
    eva = expert("Eva Expert")
    fred = expert("Fred Helper")
    question = ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    erase_offers(eva, _context())
    assert offers(question) == {fred.pk}
    assert build_questions(eva)["questions_offered_to_me"] == []


def test_offer_notification_reads_in_dutch(alice, expert, ask, later, run_on_commit):
    from plein.notifications.presentation import build_notification_sentence

    eva = expert("Eva Expert")
    ask(alice, TITLE)
    run_on_commit(do_offer_due_questions, later(25))
    notification = Notification.objects.get(recipient=eva, kind="question_offer")
    with translation.override("nl"):
        sentence = str(build_notification_sentence(notification))
    assert sentence.startswith("Kun jij helpen? Een vraag over jouw vakgebied")
