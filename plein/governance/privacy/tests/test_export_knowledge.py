"""The knowledge apps in "download my data": one's own data, nobody else's."""

import json
import zipfile
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from plein.governance.privacy import export
from plein.governance.privacy.actions import check_request_export
from plein.groups.actions import do_remove_member
from plein.groups.models import GroupKind
from plein.knowledge.expertise.models import (
    Endorsement,
    Evidence,
    EvidenceKind,
    TopicConsent,
)
from plein.knowledge.qna.actions import (
    check_accept_answer,
    check_answer,
    check_ask_question,
    check_vote,
)
from plein.knowledge.recognition.models import HelpedMark, Point
from plein.knowledge.trail.actions import check_set_opt_in, do_record_search
from plein.knowledge.wiki.actions import (
    check_create_page,
    check_edit_page,
    do_record_page_read,
)
from plein.knowledge.wiki.models import PageFile
from plein.people.models import Skill

pytestmark = pytest.mark.django_db


def _evidence(person: Any, topic: str, **kwargs: Any) -> Evidence:
    return Evidence.objects.create(
        person=person,
        kind=kwargs.pop("kind", EvidenceKind.POST),
        topic=topic,
        stem_nl=topic,
        stem_en=topic,
        count=kwargs.pop("count", 2),
        last_at=timezone.now(),
        **kwargs,
    )


@pytest.fixture
def knowing(
    trio: dict[str, Any], make_group: Any, run_on_commit: Any
) -> dict[str, Any]:
    """Mia (me) and Tom with some of everything the knowledge apps store."""
    me, tom, olga = trio["me"], trio["teammate"], trio["outsider"]
    # Wiki: Mia writes a page, Tom edits it; Tom has a page of his own.
    page = run_on_commit(check_create_page, me, title="Declaraties", body="Mia v1")
    page = run_on_commit(
        check_edit_page,
        tom,
        page,
        title="Declaraties",
        body="Tom v2 geheim",
        base_revision=1,
        note="Tom's note",
    )
    toms = run_on_commit(check_create_page, tom, title="Verlof", body="Tom alleen")
    do_record_page_read(me, toms)
    do_record_page_read(olga, page)
    PageFile.objects.create(
        page=page,
        uploaded_by=me,
        file="wiki/x/schema.png",
        filename="schema.png",
        content_type="image/png",
        size=12,
        sha256="a" * 64,
        is_image=True,
    )
    # A secret page Mia owns but can no longer see (she left the group).
    secret = make_group(olga, "Geheim", kind=GroupKind.SECRET, members=(me,))
    hidden = run_on_commit(
        check_create_page, me, title="Oud plan", body="Mia schreef", group=secret
    )
    do_remove_member(secret, me)
    run_on_commit(
        check_edit_page,
        olga,
        hidden,
        title="Olga's nieuwe titel",
        body="Olga's tekst",
        base_revision=1,
    )
    # Questions: Mia asks, Tom answers, Mia votes and accepts; Tom asks too.
    question = run_on_commit(
        check_ask_question,
        me,
        title="Hoe declareer ik reiskosten?",
        body="Waar vind ik het formulier?",
        tags=("declaraties", "reizen"),
    )
    answer = run_on_commit(check_answer, tom, question, body="Op het intranet.")
    run_on_commit(check_vote, me, answer, up=True)
    run_on_commit(check_accept_answer, me, question, answer)
    toms_question = run_on_commit(
        check_ask_question, tom, title="Wie heeft de sleutel?", body="Van de kast"
    )
    run_on_commit(check_vote, olga, answer, up=True)
    # Expertise.
    excel, budget = (
        Skill.objects.create(name="Excel", slug="excel"),
        Skill.objects.create(name="Budget", slug="budget"),
    )
    me.skills.add(excel)
    tom.skills.add(budget)
    Endorsement.objects.create(endorser=tom, person=me, skill=excel)
    Endorsement.objects.create(endorser=me, person=tom, skill=budget)
    Endorsement.objects.create(endorser=olga, person=tom, skill=budget)
    TopicConsent.objects.create(
        person=me, topic="hypotheek", state=TopicConsent.State.HIDDEN
    )
    TopicConsent.objects.create(
        person=tom, topic="sleutels", state=TopicConsent.State.CONFIRMED
    )
    _evidence(me, "hypotheek", is_hidden=True)
    _evidence(tom, "sleutels", is_shown=True)
    # Search trail: both opted in.
    for person, words in ((me, "hypotheek rente"), (tom, "vakantie")):
        run_on_commit(check_set_opt_in, person, opted_in=True)
        do_record_search(person, words)
    # Recognition: Mia and Olga mark Tom's page; points for Mia from both.
    HelpedMark.objects.create(
        giver=me, target_kind="page", target_id=toms.pk, receiver=tom
    )
    HelpedMark.objects.create(
        giver=olga, target_kind="page", target_id=toms.pk, receiver=tom
    )
    for giver in (tom, olga):
        Point.objects.create(
            person=me,
            kind=Point.Kind.HELPED,
            source_key=f"helped:page:{page.pk}:{giver.pk}",
            giver=giver,
            target_kind="page",
            target_id=page.pk,
            value=2,
        )
    olga.is_active = False
    olga.save(update_fields=["is_active"])
    return {
        **trio,
        "page": page,
        "toms": toms,
        "hidden": hidden,
        "question": question,
        "answer": answer,
        "toms_question": toms_question,
    }


def test_wiki_section_has_her_versions_reads_and_files(
    knowing: dict[str, Any],
) -> None:
    me, page, toms, hidden = (
        knowing["me"],
        knowing["page"],
        knowing["toms"],
        knowing["hidden"],
    )
    data = export.build_section("wiki", me)
    owned = {row["id"]: row for row in data["pages_owned"]}
    assert set(owned) == {page.pk, hidden.pk}
    assert owned[page.pk]["title"] == "Declaraties"
    # Owned, but in a group she left: no title others gave it.
    assert owned[hidden.pk]["title"] is None
    written = data["revisions_written"]
    assert [(r["page_id"], r["number"], r["body"]) for r in written] == [
        (page.pk, 1, "Mia v1"),
        (hidden.pk, 1, "Mia schreef"),
    ]
    assert all("written_at" in r and "note" in r for r in written)
    assert [f["filename"] for f in data["files_uploaded"]] == ["schema.png"]
    assert [r["page_id"] for r in data["pages_read"]] == [toms.pk]
    raw = json.dumps(data, default=str)
    for theirs in ("Tom v2 geheim", "Tom's note", "Olga's", "Verlof"):
        assert theirs not in raw


def test_questions_section_has_tags_acceptance_and_her_votes(
    knowing: dict[str, Any],
) -> None:
    me, tom = knowing["me"], knowing["teammate"]
    question, answer = knowing["question"], knowing["answer"]
    data = export.build_section("questions", me)
    assert data["my_questions"] == [
        {
            "post_id": question.pk,
            "tags": ["declaraties", "reizen"],
            "accepted_answer_id": answer.pk,
            "accepted_at": data["my_questions"][0]["accepted_at"],
        }
    ]
    assert data["my_questions"][0]["accepted_at"] is not None
    assert [r["post_id"] for r in data["answers_i_accepted"]] == [question.pk]
    assert [(r["answer_id"], r["post_id"]) for r in data["answer_votes_given"]] == [
        (answer.pk, question.pk)
    ]
    assert data["my_accepted_answers"] == []
    # Tom's side: his accepted answer, his own question, no votes (Olga's
    # and Mia's votes are theirs).
    toms = export.build_section("questions", tom)
    assert [r["accepted_answer_id"] for r in toms["my_accepted_answers"]] == [answer.pk]
    assert [r["post_id"] for r in toms["my_questions"]] == [knowing["toms_question"].pk]
    assert toms["answer_votes_given"] == []
    assert toms["answers_i_accepted"] == []


def test_expertise_section_names_endorsers_by_handle_only(
    knowing: dict[str, Any],
) -> None:
    data = export.build_section("expertise", knowing["me"])
    assert [(e["person"], e["skill"]) for e in data["endorsements_given"]] == [
        ("tom", "Budget")
    ]
    assert [(e["endorser"], e["skill"]) for e in data["endorsements_received"]] == [
        ("tom", "Excel")
    ]
    assert set(data["endorsements_received"][0]) == {"endorser", "skill", "created_at"}
    assert [(d["topic"], d["state"]) for d in data["topic_decisions"]] == [
        ("hypotheek", "hidden")
    ]
    topics = {(t["topic"], t["is_hidden"]) for t in data["topics"]}
    assert ("hypotheek", True) in topics
    # Inferred from her own work (her page and her question's tags).
    assert ("declaraties", False) in topics
    # Not from the secret group she left, whose page Olga renamed.
    assert not {"olga", "nieuwe", "titel"} & {t for t, _h in topics}
    raw = json.dumps(data, default=str)
    assert "sleutels" not in raw and "olga" not in raw


def test_search_trail_section_is_her_own_stems(knowing: dict[str, Any]) -> None:
    data = export.build_section("search_trail", knowing["me"])
    assert data["opted_in_at"] is not None
    words = {term["word"] for term in data["terms"]}
    assert words == {"hypotheek", "rente"}
    assert all(term["weight"] > 0 and term["last_seen_at"] for term in data["terms"])
    assert "vakantie" not in json.dumps(data)
    # Someone who never opted in has nothing.
    assert export.build_section("search_trail", knowing["outsider"]) == {
        "opted_in_at": None,
        "terms": [],
    }


def test_recognition_section_names_only_givers_she_may_see(
    knowing: dict[str, Any],
) -> None:
    me, toms = knowing["me"], knowing["toms"]
    data = export.build_section("recognition", me)
    helped = [p for p in data["points"] if p["kind"] == Point.Kind.HELPED]
    # Tom by handle; Olga's account is deactivated, so she is not named.
    assert sorted(p["giver"] or "" for p in helped) == ["", "tom"]
    assert all("giver_id" not in p for p in data["points"])
    assert [(m["target_kind"], m["target_id"]) for m in data["helped_marks_given"]] == [
        ("page", toms.pk)
    ]
    # Only her own ledger: the points Tom earned are not in it.
    assert Point.objects.filter(person=knowing["teammate"]).exists()
    assert len(data["points"]) == Point.objects.filter(person=me).count()


def test_zip_has_the_knowledge_files_and_readme_lines(
    knowing: dict[str, Any], exports_storage: FileSystemStorage, run_on_commit: Any
) -> None:
    data_export = run_on_commit(check_request_export, knowing["me"])
    data_export.refresh_from_db()
    with (
        exports_storage.open(data_export.file, "rb") as stored,
        zipfile.ZipFile(stored) as archive,
    ):
        names = set(archive.namelist())
        readme = archive.read("README.txt").decode()
        wiki = json.loads(archive.read("wiki.json"))
    descriptions = {s.name: s.description for s in export.sections()}
    for name in ("wiki", "questions", "expertise", "search_trail", "recognition"):
        assert f"{name}.json" in names
        assert f"{name}.json  {descriptions[name]}" in readme
    assert wiki["revisions_written"][0]["body"] == "Mia v1"


def test_knowledge_sections_read_in_a_fixed_number_of_queries(
    knowing: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    me = knowing["me"]
    me.refresh_from_db()
    # No query per row: a heavy wiki author costs the same handful (one
    # more since the questions section lists the offers received).
    with django_assert_max_num_queries(21):
        for name in ("wiki", "questions", "expertise", "search_trail", "recognition"):
            export.build_section(name, me)
