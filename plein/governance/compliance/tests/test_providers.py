"""Retention, legal holds, erasure and eDiscovery reach the apps through their
personal-data providers, and through nothing else.

A temporary provider (registered for the demo app, which has none) shows
that governance runs what an app registers, with the policy it owns: the
terms, the active holds, the erasure setting and the search criteria.
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from plein.core.events import capture_events
from plein.core.personal_data import (
    Criteria,
    DiscoveryFile,
    ErasureContext,
    Item,
    PersonalDataProvider,
    RetentionScope,
    RetentionStep,
    register_personal_data,
    unregister_personal_data,
)
from plein.governance.compliance.ediscovery import write_export_zip
from plein.governance.compliance.erasure import check_erase_person
from plein.governance.compliance.holds import check_create_hold, is_held
from plein.governance.compliance.retention import check_set_retention, do_purge_expired
from plein.knowledge.wiki.actions import check_create_page
from plein.knowledge.wiki.models import PageFile, Revision
from plein.posts.models import Hashtag

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_person: Any) -> Any:
    return make_person("Olga Officer", role="compliance", handle="olga")


@pytest.fixture
def temporary_provider() -> Iterator[Any]:
    """Register a provider for the test only."""

    def register(**hooks: Any) -> PersonalDataProvider:
        return register_personal_data(
            PersonalDataProvider(app_label="demo", order=999, **hooks)
        )

    yield register
    unregister_personal_data("demo")


def test_retention_runs_each_registered_step_with_terms_and_holds(
    admin: Any, alice: Any, officer: Any, temporary_provider: Any, run_on_commit: Any
) -> None:
    check_set_retention(admin, days=30)
    hold = check_create_hold(officer, matter="Zaak", person=alice)
    old = Hashtag.objects.create(name="oud")
    Hashtag.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    Hashtag.objects.create(name="nieuw")
    seen: list[RetentionScope] = []

    def purgeable(scope: RetentionScope) -> Any:
        seen.append(scope)
        return Hashtag.objects.filter(created_at__lt=scope.terms.default_cutoff)

    def purge(ids: list[int]) -> dict[str, list[int]]:
        Hashtag.objects.filter(pk__in=ids).delete()
        return {"hashtag_ids": ids}

    temporary_provider(retention=(RetentionStep("hashtags", purgeable, purge),))

    with capture_events() as events:
        totals = run_on_commit(do_purge_expired)

    assert totals == {
        "comments": 0,
        "posts": 0,
        "attachments": 0,
        "scheduled_posts": 0,
        "vacancy_applications": 0,
        "onboarding_plans": 0,
        "candidates": 0,
        "hashtags": 1,
    }
    assert list(Hashtag.objects.values_list("name", flat=True)) == ["nieuw"]
    assert seen[0].terms.default_days == 30
    assert [(s.person_id, s.group_id) for s in seen[0].holds.scopes] == [
        (hold.person_id, None)
    ]
    purged = [e.payload for e in events if e.name == "compliance.retention.purged"]
    assert purged == [{"reason": "retention", "hashtag_ids": [old.pk]}]


def test_is_held_asks_the_app_that_owns_the_row(
    alice: Any, bob: Any, officer: Any, make_group: Any, run_on_commit: Any
) -> None:
    held_group = make_group(bob, "Onderzoek", members=(alice,))
    page = run_on_commit(
        check_create_page, alice, title="Bewijs", body="Tekst", group=held_group
    )
    free = run_on_commit(check_create_page, alice, title="Vrij", body="Tekst")
    revision = Revision.objects.get(page=page)
    upload = PageFile.objects.create(
        page=page, uploaded_by=alice, filename="a.txt", size=1
    )
    assert not is_held(page)

    # A hold naming a person as well stops their erasure; a whole group's
    # hold keeps its wiki.
    check_create_hold(officer, matter="Zaak A", person=alice, group=held_group)
    assert not is_held(page)
    check_create_hold(officer, matter="Zaak B", group=held_group)
    assert is_held(page) and is_held(revision) and is_held(upload)
    assert not is_held(free)
    # Rows of apps without a hold rule are never held.
    assert not is_held(held_group)
    assert not is_held(Hashtag.objects.create(name="los"))


@pytest.mark.parametrize(("setting", "deletes"), [("delete", True), ("keep", False)])
def test_erasure_hands_every_provider_one_context_in_order(
    settings: Any,
    setting: str,
    deletes: bool,
    admin: Any,
    alice: Any,
    officer: Any,
    make_group: Any,
    temporary_provider: Any,
    run_on_commit: Any,
) -> None:
    settings.ERASURE_CONTENT = setting
    page = run_on_commit(check_create_page, alice, title="Weg", body="Alice")
    group = make_group(officer, "Onderzoek")
    check_create_hold(officer, matter="Zaak", group=group)
    seen: list[tuple[str, ErasureContext]] = []
    temporary_provider(
        erase=lambda person, context: seen.append((person.email, context))
    )

    run_on_commit(check_erase_person, admin, alice)

    [(email, context)] = seen
    # The people app ran first: the pseudonym is in place.
    assert email.startswith(f"erased-{alice.pk}-")
    assert context.actor == admin
    assert context.delete_content is deletes
    assert [(s.person_id, s.group_id) for s in context.holds.scopes] == [
        (None, group.pk)
    ]
    # What the wiki app removed before, for the providers after it.
    assert context.removed == ({"page": {page.pk}} if deletes else {})


def test_ediscovery_writes_what_each_provider_finds_with_its_files(
    alice: Any, make_post: Any, temporary_provider: Any, tmp_path: Path
) -> None:
    post = make_post(alice, "Over de overname")
    from types import SimpleNamespace

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    # A stored file as a FileField hands it out: a storage and a name.
    name = default_storage.save("test-discovery/scan.pdf", ContentFile(b"%PDF"))
    scan = SimpleNamespace(storage=default_storage, name=name)
    asked: list[Criteria] = []

    def discover(criteria: Criteria) -> Iterator[Item]:
        asked.append(criteria)
        yield Item(
            kind="demo_note",
            id=7,
            post_id=None,
            comment_id=None,
            author_id=alice.pk,
            author=alice.full_name,
            author_email=alice.email,
            group_id=None,
            group="",
            title="Notitie",
            body="Over de overname",
            created_at=post.created_at,
            attachments=[
                DiscoveryFile(7, "scan.pdf", 4, "recorded", scan, source="demo"),
                DiscoveryFile(8, "weg.pdf", 9, "recorded-hash", None, source="demo"),
            ],
        )

    temporary_provider(ediscovery=discover)
    count = write_export_zip(Criteria(person_id=alice.pk), tmp_path / "out.zip")

    assert count == 2
    assert asked == [Criteria(person_id=alice.pk)]
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert archive.read("attachments/demo-7-scan.pdf") == b"%PDF"
        rows = json.loads(archive.read("items.json"))
        table = list(csv.DictReader(io.StringIO(archive.read("items.csv").decode())))
        assert "items/demo_note-7.eml" in archive.namelist()
    # The posts app's items come first (provider order), then the new app's.
    assert [(r["kind"], r["id"]) for r in rows] == [("post", post.pk), ("demo_note", 7)]
    present, missing = rows[1]["attachments"]
    assert present["file"] == "attachments/demo-7-scan.pdf"
    assert present["sha256"] != "recorded" and "missing" not in present
    assert missing == {
        "id": 8,
        "source": "demo",
        "filename": "weg.pdf",
        "sha256": "recorded-hash",
        "size": 9,
        "file": "",
        "missing": True,
    }
    assert table[1]["attachments"] == (
        f"demo-7:scan.pdf:{present['sha256']};demo-8:weg.pdf:recorded-hash"
    )
