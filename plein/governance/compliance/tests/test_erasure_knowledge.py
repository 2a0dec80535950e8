"""Erasure and the knowledge apps: traces go, content follows ERASURE_CONTENT."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from plein.core.errors import Conflict
from plein.governance.compliance.erasure import check_erase_person
from plein.governance.compliance.holds import check_create_hold
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
from plein.knowledge.qna.models import AnswerVote, Question
from plein.knowledge.recognition.models import HelpedMark, Point
from plein.knowledge.trail.actions import check_set_opt_in, do_record_search
from plein.knowledge.trail.models import TrailOptIn, TrailTerm
from plein.knowledge.wiki.actions import (
    check_create_page,
    check_delete_page,
    check_edit_page,
    do_record_page_read,
)
from plein.knowledge.wiki.models import Page, PageFile, PageRead, Revision
from plein.people.models import Skill
from plein.posts.models import Post

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def officer(make_person: Any) -> Any:
    return make_person("Olga Officer", role="compliance", handle="olga")


def _evidence(person: Any, topic: str) -> Evidence:
    return Evidence.objects.create(
        person=person,
        kind=EvidenceKind.POST,
        topic=topic,
        stem_nl=topic,
        stem_en=topic,
        count=3,
        last_at=timezone.now(),
    )


@pytest.fixture
def traces(alice: Any, bob: Any, carol: Any, run_on_commit: Any) -> dict[str, Any]:
    """Alice's traces in every knowledge app, and Bob's and Carol's alongside."""
    for person, words in ((alice, "hypotheek rente"), (bob, "vakantie")):
        run_on_commit(check_set_opt_in, person, opted_in=True)
        do_record_search(person, words)
    bobs_page = run_on_commit(check_create_page, bob, title="Verlof", body="Bob")
    do_record_page_read(alice, bobs_page)
    do_record_page_read(carol, bobs_page)
    excel = Skill.objects.create(name="Excel", slug="excel")
    alice.skills.add(excel)
    bob.skills.add(excel)
    Endorsement.objects.create(endorser=bob, person=alice, skill=excel)
    Endorsement.objects.create(endorser=alice, person=bob, skill=excel)
    Endorsement.objects.create(endorser=carol, person=bob, skill=excel)
    TopicConsent.objects.create(
        person=alice, topic="hypotheek", state=TopicConsent.State.CONFIRMED
    )
    TopicConsent.objects.create(
        person=bob, topic="vakantie", state=TopicConsent.State.CONFIRMED
    )
    # Questions: Bob asks, Alice answers and votes, Bob accepts her answer.
    question = run_on_commit(
        check_ask_question, bob, title="Wie weet iets van hypotheken?", body="Graag"
    )
    answer = run_on_commit(check_answer, alice, question, body="Ik: bel de bank.")
    carols = run_on_commit(check_answer, carol, question, body="Vraag het Bob.")
    run_on_commit(check_vote, alice, carols, up=True)
    run_on_commit(check_accept_answer, bob, question, answer)
    HelpedMark.objects.create(
        giver=alice, target_kind="page", target_id=bobs_page.pk, receiver=bob
    )
    HelpedMark.objects.create(
        giver=carol, target_kind="page", target_id=bobs_page.pk, receiver=bob
    )
    Point.objects.create(
        person=bob,
        kind=Point.Kind.HELPED,
        source_key=f"helped:page:{bobs_page.pk}:{alice.pk}",
        giver=alice,
        target_kind="page",
        target_id=bobs_page.pk,
        value=2,
    )
    # Made up last: the events above recompute evidence from the sources.
    _evidence(alice, "hypotheek")
    _evidence(bob, "vakantie")
    return {
        "bobs_page": bobs_page,
        "question": question,
        "answer": answer,
        "carols": carols,
    }


def test_erasure_deletes_her_knowledge_traces_only(
    admin: Any, alice: Any, bob: Any, carol: Any, traces: Any, run_on_commit: Any
) -> None:
    assert Point.objects.filter(person=alice).exists()  # the accepted answer
    run_on_commit(check_erase_person, admin, alice)

    assert not TrailOptIn.objects.filter(person=alice).exists()
    assert not TrailTerm.objects.filter(person=alice).exists()
    assert not PageRead.objects.filter(reader=alice).exists()
    assert not Endorsement.objects.filter(endorser=alice).exists()
    assert not Endorsement.objects.filter(person=alice).exists()
    assert not TopicConsent.objects.filter(person=alice).exists()
    assert not Evidence.objects.filter(person=alice).exists()
    assert not HelpedMark.objects.filter(giver=alice).exists()
    assert not Point.objects.filter(person=alice).exists()
    # Everyone else's stays.
    assert TrailTerm.objects.filter(person=bob).exists()
    assert TrailOptIn.objects.filter(person=bob).exists()
    assert PageRead.objects.filter(reader=carol).exists()
    assert Endorsement.objects.filter(endorser=carol, person=bob).exists()
    assert TopicConsent.objects.filter(person=bob).exists()
    assert Evidence.objects.filter(person=bob, topic="vakantie").exists()
    assert HelpedMark.objects.filter(giver=carol).exists()
    # Bob keeps the point she gave him; his endorsement evidence now counts
    # Carol only.
    assert Point.objects.filter(person=bob, giver=alice).exists()
    endorsement = Evidence.objects.get(person=bob, kind=EvidenceKind.ENDORSEMENT)
    assert endorsement.count == 1
    # Votes and acceptances stay, like reactions: they belong to the thread.
    assert AnswerVote.objects.filter(voter=alice, answer=traces["carols"]).exists()
    question = Question.objects.get(pk=traces["question"].pk)
    assert question.accepted_answer_id == traces["answer"].pk


def test_kept_wiki_content_stays_under_the_pseudonym(
    admin: Any, alice: Any, bob: Any, run_on_commit: Any
) -> None:
    page = run_on_commit(check_create_page, alice, title="Fietsplan", body="Alice")
    run_on_commit(check_erase_person, admin, alice)
    page.refresh_from_db()
    alice.refresh_from_db()
    assert page.owner_id == alice.pk and page.deleted_at is None
    assert page.body == "Alice"
    assert Revision.objects.get(page=page).author_id == alice.pk
    # The page stays editable for others, its owner the pseudonymised account.
    page = run_on_commit(
        check_edit_page, bob, page, title="Fietsplan", body="Bob", base_revision=1
    )
    assert page.revision == 2


def test_deleting_content_removes_her_wiki_text_and_keeps_history_whole(
    settings: Any,
    media: Path,
    admin: Any,
    alice: Any,
    bob: Any,
    carol: Any,
    run_on_commit: Any,
) -> None:
    settings.ERASURE_CONTENT = "delete"
    # Her own page, with a child page of Bob's under it.
    own = run_on_commit(check_create_page, alice, title="Alleen Alice", body="A1")
    child = run_on_commit(check_create_page, bob, title="Kind", body="K", parent=own)
    # A shared page where she wrote the last version.
    shared = run_on_commit(check_create_page, bob, title="Samen", body="Bob v1")
    shared = run_on_commit(
        check_edit_page,
        alice,
        shared,
        title="Samen",
        body="Alice v2",
        base_revision=1,
        note="Alice's note",
    )
    # A shared page where someone else wrote the last version.
    other = run_on_commit(check_create_page, alice, title="Ander", body="Alice o1")
    other = run_on_commit(
        check_edit_page, carol, other, title="Ander", body="Carol o2", base_revision=1
    )
    upload = PageFile.objects.create(
        page=shared,
        uploaded_by=alice,
        file=ContentFile(b"png", name="schema.png"),
        filename="schema.png",
        content_type="image/png",
        size=3,
        sha256="a" * 64,
        is_image=True,
    )
    file_path = Path(upload.file.path)
    assert file_path.exists()
    HelpedMark.objects.create(
        giver=carol, target_kind="page", target_id=own.pk, receiver=alice
    )
    HelpedMark.objects.create(
        giver=carol, target_kind="page", target_id=shared.pk, receiver=bob
    )

    run_on_commit(check_erase_person, admin, alice)

    own.refresh_from_db()
    assert own.deleted_at is not None
    assert own.body == "" and "Alleen" not in own.title
    assert not Revision.objects.filter(page=own, title__contains="Alleen").exists()
    child.refresh_from_db()
    assert child.parent_id is None  # lifted, as deleting a page does

    shared.refresh_from_db()
    assert shared.body == "Bob v1" and shared.deleted_at is None
    numbers = list(
        Revision.objects.filter(page=shared)
        .order_by("number")
        .values_list("number", "author_id", "body")
    )
    assert numbers == [
        (1, bob.pk, "Bob v1"),
        (2, alice.pk, ""),
        (3, admin.pk, "Bob v1"),
    ]
    assert shared.revision == 3
    assert not Revision.objects.filter(note="Alice's note").exists()

    other.refresh_from_db()
    assert other.body == "Carol o2" and other.revision == 2
    assert Revision.objects.get(page=other, number=1).body == ""
    assert other.owner_id == alice.pk  # the pseudonymised account still owns it

    assert not PageFile.objects.filter(pk=upload.pk).exists()
    assert not file_path.exists()
    assert not HelpedMark.objects.filter(target_kind="page", target_id=own.pk).exists()
    assert HelpedMark.objects.filter(target_kind="page", target_id=shared.pk).exists()
    assert Page.objects.filter(pk=own.pk).exists()  # the history's rows stay


def test_legal_hold_still_blocks_erasure_of_knowledge(
    admin: Any, alice: Any, officer: Any, traces: Any
) -> None:
    check_create_hold(officer, matter="Dossier K", person=alice)
    with pytest.raises(Conflict):
        check_erase_person(admin, alice)
    assert TrailTerm.objects.filter(person=alice).exists()
    assert PageRead.objects.filter(reader=alice).exists()
    assert HelpedMark.objects.filter(giver=alice).exists()


def test_deleting_content_leaves_what_a_group_hold_keeps(
    settings: Any,
    admin: Any,
    alice: Any,
    bob: Any,
    carol: Any,
    officer: Any,
    make_group: Any,
    make_post: Any,
    run_on_commit: Any,
) -> None:
    settings.ERASURE_CONTENT = "delete"
    held = make_group(bob, "Onderzoek", kind="secret", members=(alice,))
    held_page = run_on_commit(
        check_create_page, alice, title="Bewijs", body="Alice", group=held
    )
    held_post = make_post(alice, "Vastgehouden", group=held)
    free_post = make_post(alice, "Mag weg")
    free_page = run_on_commit(check_create_page, alice, title="Vrij", body="Alice")
    for post in (held_post, free_post):
        HelpedMark.objects.create(
            giver=carol, target_kind="post", target_id=post.pk, receiver=alice
        )
    check_create_hold(officer, matter="Dossier G", group=held)

    run_on_commit(check_erase_person, admin, alice)

    held_page.refresh_from_db()
    assert held_page.body == "Alice" and held_page.deleted_at is None
    assert Revision.objects.get(page=held_page).body == "Alice"
    assert Post.objects.filter(pk=held_post.pk).exists()
    assert not Post.objects.filter(pk=free_post.pk).exists()
    free_page.refresh_from_db()
    assert free_page.deleted_at is not None and free_page.body == ""
    # Carol's mark stays on the kept post, goes with the purged one.
    assert list(
        HelpedMark.objects.filter(giver=carol).values_list("target_id", flat=True)
    ) == [held_post.pk]


def test_a_page_moved_out_of_a_held_group_stays_held(
    settings: Any,
    admin: Any,
    alice: Any,
    bob: Any,
    officer: Any,
    make_group: Any,
    run_on_commit: Any,
) -> None:
    from plein.knowledge.wiki.actions import check_move_page

    settings.ERASURE_CONTENT = "delete"
    held = make_group(bob, "Onderzoek", kind="open", members=(alice,))
    page = run_on_commit(
        check_create_page, alice, title="Bewijs", body="Alice", group=held
    )
    check_create_hold(officer, matter="Dossier G", group=held)
    run_on_commit(check_move_page, alice, page, parent=None, group=None)

    run_on_commit(check_erase_person, admin, alice)

    page.refresh_from_db()
    assert page.deleted_at is None and page.body == "Alice"
    assert Revision.objects.filter(page=page, body="Alice").exists()


def test_deleting_content_also_clears_pages_deleted_before(
    settings: Any, admin: Any, alice: Any, bob: Any, run_on_commit: Any
) -> None:
    settings.ERASURE_CONTENT = "delete"
    own = run_on_commit(check_create_page, alice, title="Al weg", body="Alice")
    run_on_commit(check_delete_page, alice, own)
    shared = run_on_commit(check_create_page, bob, title="Gedeeld", body="Bob v1")
    shared = run_on_commit(
        check_edit_page,
        alice,
        shared,
        title="Gedeeld",
        body="Alice v2",
        base_revision=1,
    )
    run_on_commit(check_delete_page, bob, shared)

    run_on_commit(check_erase_person, admin, alice)

    own.refresh_from_db()
    assert own.body == "" and "Al weg" not in own.title
    shared.refresh_from_db()
    # Still deleted, its text back to Bob's, no version added to a deleted page.
    assert shared.deleted_at is not None
    assert shared.body == "Bob v1" and shared.revision == 2
    assert Revision.objects.get(page=shared, number=2).body == ""
    assert not Revision.objects.filter(body__contains="Alice").exists()
