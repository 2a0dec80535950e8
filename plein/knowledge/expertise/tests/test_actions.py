"""Endorsements, topic decisions and the evidence table's maintenance."""

from typing import Any

import pytest
from django.db import IntegrityError, transaction

from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import capture_events
from plein.knowledge.expertise.actions import (
    check_decide_topic,
    check_endorse,
    check_unendorse,
    do_rebuild_evidence,
)
from plein.knowledge.expertise.models import Endorsement, Evidence, TopicConsent
from plein.people.actions import check_update_profile

pytestmark = pytest.mark.django_db


def evidence_of(person: Any) -> set[tuple]:
    return set(
        Evidence.objects.filter(person=person).values_list(
            "kind", "group_id", "topic", "is_hashtag", "label", "count", "last_at"
        )
    )


def all_evidence() -> list[tuple]:
    return sorted(
        Evidence.objects.values_list(
            "person_id",
            "kind",
            "group_id",
            "topic",
            "is_hashtag",
            "label",
            "stem_nl",
            "stem_en",
            "count",
            "last_at",
        ),
        key=repr,
    )


# Endorsements --------------------------------------------------------------------


def test_endorse_once_and_emit(alice, skilled, run_on_commit):
    person = skilled("Petra", ["Privacy"])
    skill = person.skills.get()
    with capture_events() as events:
        run_on_commit(check_endorse, alice, person, skill.pk)
        run_on_commit(check_endorse, alice, person, skill.pk)
    assert Endorsement.objects.filter(person=person).count() == 1
    assert [e.name for e in events] == ["expertise.endorsement.created"]
    assert events[0].actor_id == alice.pk
    assert events[0].audience_ids == {person.pk}
    row = Evidence.objects.get(person=person, kind="endorsement")
    assert (row.topic, row.label, row.count) == ("privacy", "Privacy", 1)


def test_no_self_endorsement(skilled):
    person = skilled("Petra", ["Privacy"])
    with pytest.raises(Forbidden):
        check_endorse(person, person, person.skills.get().pk)
    assert not Endorsement.objects.exists()


def test_database_refuses_self_endorsement_and_duplicates(skilled, alice):
    person = skilled("Petra", ["Privacy"])
    skill = person.skills.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Endorsement.objects.create(endorser=person, person=person, skill=skill)
    Endorsement.objects.create(endorser=alice, person=person, skill=skill)
    with pytest.raises(IntegrityError), transaction.atomic():
        Endorsement.objects.create(endorser=alice, person=person, skill=skill)


def test_only_listed_skills_can_be_endorsed(skilled, alice):
    person = skilled("Petra", ["Privacy"])
    other = skilled("Olaf", ["Fraude"])
    with pytest.raises(NotFound):
        check_endorse(alice, person, other.skills.get().pk)
    with pytest.raises(NotFound):
        check_endorse(alice, person, "abc")


def test_guests_and_deactivated_people_cannot_be_endorsed_or_endorse(
    skilled, alice, run_on_commit
):
    from plein.access.roles import Role
    from plein.people.actions import do_deactivate_person

    guest = skilled("Gast", ["Privacy"], role=Role.GUEST)
    with pytest.raises(Forbidden):
        check_endorse(alice, guest, guest.skills.get().pk)
    person = skilled("Petra", ["Privacy"])
    with pytest.raises(Forbidden):
        check_endorse(guest, person, person.skills.get().pk)
    run_on_commit(do_deactivate_person, person)
    person.refresh_from_db()
    with pytest.raises(Forbidden):
        check_endorse(alice, person, person.skills.get().pk)


def test_unendorse(skilled, alice, run_on_commit):
    person = skilled("Petra", ["Privacy"])
    skill = person.skills.get()
    run_on_commit(check_endorse, alice, person, skill.pk)
    with capture_events() as events:
        assert run_on_commit(check_unendorse, alice, person, skill.pk) is True
        assert run_on_commit(check_unendorse, alice, person, skill.pk) is False
    assert [e.name for e in events] == ["expertise.endorsement.deleted"]
    assert not Evidence.objects.filter(person=person, kind="endorsement").exists()
    with pytest.raises(NotFound):
        check_unendorse(alice, person, 10**9)


def test_removing_a_skill_drops_its_evidence_and_endorsements_count(
    skilled, alice, run_on_commit
):
    person = skilled("Petra", ["Privacy", "Fraude"])
    privacy = person.skills.get(name="Privacy")
    run_on_commit(check_endorse, alice, person, privacy.pk)
    run_on_commit(check_update_profile, person, person, skills=["Fraude"])
    assert {r[2] for r in evidence_of(person)} == {"fraude"}
    # Listing it again brings the endorsement back.
    run_on_commit(check_update_profile, person, person, skills=["Privacy"])
    assert Evidence.objects.filter(person=person, kind="endorsement").count() == 1


# Topic decisions ---------------------------------------------------------------


def test_decide_only_inferred_topics(make_post, skilled, run_on_commit):
    person = skilled("Petra", ["Privacy"])
    make_post(person, body="#pensioen")
    with pytest.raises(InvalidInput) as error:
        check_decide_topic(person, "privacy", "confirmed")  # stated, not inferred
    assert error.value.field == "topic"
    with pytest.raises(InvalidInput):
        check_decide_topic(person, "onbekend", "confirmed")
    with pytest.raises(InvalidInput) as error:
        check_decide_topic(person, "pensioen", "maybe")
    assert error.value.field == "state"
    with capture_events() as events:
        consent = run_on_commit(check_decide_topic, person, "#Pensioen", "confirmed")
    assert (consent.topic, consent.state) == ("pensioen", "confirmed")
    assert [e.name for e in events] == ["expertise.topic.decided"]
    check_decide_topic(person, "pensioen", "hidden")
    assert TopicConsent.objects.get(person=person).state == "hidden"


def test_someone_elses_topic_cannot_be_decided(make_person, make_post):
    author = make_person("Anna")
    other = make_person("Olaf")
    make_post(author, body="#pensioen")
    with pytest.raises(InvalidInput):
        check_decide_topic(other, "pensioen", "confirmed")
    assert not TopicConsent.objects.exists()


# Maintenance --------------------------------------------------------------------


def test_editing_a_post_moves_its_evidence(make_person, make_post, run_on_commit):
    from plein.posts.actions import check_edit_post

    author = make_person("Anna")
    post = make_post(author, body="Over #pensioen")
    assert {r[2] for r in evidence_of(author)} == {"pensioen"}
    run_on_commit(check_edit_post, author, post, body="Over #sparen")
    assert {r[2] for r in evidence_of(author)} == {"sparen"}


def test_questions_are_not_post_evidence(make_person, accepted_answer):
    asker = make_person("Vera")
    answerer = make_person("Eva")
    accepted_answer(asker, answerer, tags="hypotheek")
    assert evidence_of(asker) == set()
    assert {(r[0], r[2]) for r in evidence_of(answerer)} == {
        ("answer", "hypotheek"),
        ("answer", "hypotheekrente"),
        ("answer", "werkt"),
    }


def test_unaccepting_removes_answer_evidence(
    make_person, accepted_answer, run_on_commit
):
    from plein.core.events import emit_on_commit

    asker = make_person("Vera")
    answerer = make_person("Eva")
    question = accepted_answer(asker, answerer)
    question.accepted_answer = None
    question.save(update_fields=["accepted_answer"])
    run_on_commit(
        emit_on_commit,
        "qna.answer.unaccepted",
        {"post_id": question.pk, "answer_id": 1, "answer_author_id": answerer.pk},
    )
    assert evidence_of(answerer) == set()


def test_wiki_pages_count_once_per_page_and_follow_deletion(
    make_person, wiki_page, run_on_commit
):
    from plein.knowledge.wiki.actions import check_edit_page

    writer = make_person("Wim")
    editor = make_person("Els")
    page = wiki_page(writer, "Pensioen regeling")
    run_on_commit(
        check_edit_page, writer, page, title=page.title, body="Meer", base_revision=1
    )
    run_on_commit(
        check_edit_page, editor, page, title=page.title, body="Nog", base_revision=2
    )
    rows = Evidence.objects.filter(kind="wiki_written", topic="pensioen")
    assert sorted(rows.values_list("person_id", "count")) == sorted(
        [(writer.pk, 1), (editor.pk, 1)]
    )


def test_rebuild_equals_incremental(
    make_person,
    skilled,
    make_group,
    make_post,
    accepted_answer,
    wiki_page,
    run_on_commit,
):
    from plein.posts.actions import check_edit_post, do_delete_post

    anna = skilled("Anna", ["Hypotheken", "Project management"])
    bert = make_person("Bert")
    group = make_group(anna, "Wonen", kind="closed", members=(bert,))
    run_on_commit(check_endorse, bert, anna, anna.skills.first().pk)
    make_post(anna, body="#hypotheek #rente", group=group)
    post = make_post(bert, body="#sparen")
    run_on_commit(check_edit_post, bert, post, body="#beleggen #sparen")
    gone = make_post(bert, body="#weg")
    run_on_commit(do_delete_post, bert, gone)
    accepted_answer(bert, anna, tags="hypotheek rente", group=group)
    wiki_page(bert, "Beleggen voor beginners")

    incremental = all_evidence()
    assert incremental
    Evidence.objects.all().delete()
    written = do_rebuild_evidence()
    assert written == len(incremental)
    assert all_evidence() == incremental
    # Running it again changes nothing.
    do_rebuild_evidence()
    assert all_evidence() == incremental


def test_rebuild_command(make_person, make_post):
    from io import StringIO

    from django.core.management import call_command

    author = make_person("Anna")
    make_post(author, body="#pensioen")
    Evidence.objects.all().delete()
    out = StringIO()
    call_command("expertise", "rebuild", stdout=out)
    assert "1 rows" in out.getvalue()
    assert Evidence.objects.get().topic == "pensioen"
    call_command("expertise", "rebuild", "--person", str(author.pk), stdout=out)
    assert Evidence.objects.count() == 1


def test_demo_loader_endorses_builds_and_decides(skilled, make_post):
    from plein.knowledge.expertise.demo import load_demo

    anna = skilled("Anna", ["Privacy", "Fraude"])
    bert = skilled("Bert", ["Hypotheken"])
    make_post(anna, body="#pensioen #sparen #beleggen")
    make_post(bert, body="#hypotheek")
    Evidence.objects.all().delete()
    load_demo({"anna": anna, "bert": bert}, {})
    assert Evidence.objects.filter(kind="skill").count() == 3
    assert Evidence.objects.filter(kind="post").count() == 4
    for endorsement in Endorsement.objects.all():
        assert endorsement.endorser_id != endorsement.person_id
    for row in Evidence.objects.filter(kind="post"):
        state = TopicConsent.objects.filter(person=row.person, topic=row.topic).first()
        assert row.is_shown == (state is not None and state.state == "confirmed")


def test_verifying_a_page_counts_for_the_verifier(
    make_person, wiki_page, run_on_commit
):
    from plein.knowledge.wiki.actions import check_verify_page

    writer = make_person("Wim")
    checker = make_person("Els")
    page = wiki_page(writer, "Pensioen regeling")
    # Creating a page is not verifying it.
    assert not Evidence.objects.filter(kind="wiki_verified").exists()
    run_on_commit(check_verify_page, checker, page)
    rows = Evidence.objects.filter(kind="wiki_verified")
    assert set(rows.values_list("person_id", "topic", "count")) == {
        (checker.pk, "pensioen", 1),
        (checker.pk, "regeling", 1),
    }
    # Verified again by the writer: the earlier verifier's rows go.
    run_on_commit(check_verify_page, writer, page)
    assert set(rows.values_list("person_id", flat=True)) == {writer.pk}


def test_endorsements_of_departed_colleagues_stop_counting(
    skilled, make_person, admin, run_on_commit
):
    from plein.people.actions import check_reactivate_person, do_deactivate_person

    person = skilled("Petra", ["Privacy"])
    endorser = make_person("Eddy")
    run_on_commit(check_endorse, endorser, person, person.skills.get().pk)
    assert Evidence.objects.filter(kind="endorsement").count() == 1
    run_on_commit(do_deactivate_person, endorser)
    assert not Evidence.objects.filter(kind="endorsement").exists()
    run_on_commit(check_reactivate_person, admin, endorser)
    assert Evidence.objects.filter(kind="endorsement").count() == 1


def test_deleted_and_moved_wiki_pages_follow(
    make_person, make_group, wiki_page, run_on_commit
):
    from plein.knowledge.wiki.actions import check_delete_page, check_move_page

    writer = make_person("Wim")
    group = make_group(writer, "Pensioenteam", kind="secret")
    page = wiki_page(writer, "Pensioen regeling")
    run_on_commit(check_move_page, writer, page, parent=None, group=group)
    rows = Evidence.objects.filter(person=writer, kind="wiki_written")
    assert set(rows.values_list("group_id", flat=True)) == {group.pk}
    page.refresh_from_db()
    run_on_commit(check_delete_page, writer, page)
    assert not rows.exists()
