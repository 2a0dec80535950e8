"""Triage's personal data: exported, and forgotten on erasure (notes go
when the erasure removes content, else they stay without their author)."""

import pytest

from plein.core.personal_data import ErasureContext
from plein.listening.triage.actions import (
    check_add_note,
    check_change_triage,
    check_discuss_mention,
)
from plein.listening.triage.models import (
    MentionDiscussion,
    MentionNote,
    Triage,
    TriageChange,
)
from plein.listening.triage.personal_data import build_triage_export, erase_triage

pytestmark = pytest.mark.django_db


@pytest.fixture
def worked_on(mention, moderator, admin, make_group):
    check_change_triage(moderator, mention, assignee=admin)
    check_add_note(admin, mention, "Ik bel de schrijver.")
    group = make_group(admin, "Werkgroep", "closed", (moderator,))
    check_discuss_mention(admin, mention, group=group, body="Reageren we?")
    return mention


def _context(delete_content):
    return ErasureContext(
        actor=None, delete_content=delete_content, holds=None, report_purged=print
    )


def test_the_export_holds_notes_assignments_changes_and_discussions(
    worked_on, admin, moderator
):
    data = build_triage_export(admin)
    assert [n["text"] for n in data["notes"]] == ["Ik bel de schrijver."]
    assert data["assigned_to_you"] == [
        {"mention_id": worked_on.pk, "url": worked_on.url, "state": "assigned"}
    ]
    assert data["changes"][0]["assigned_to_you"] is True
    assert data["changes"][0]["by_you"] is False
    assert len(data["discussions"]) == 1
    assert build_triage_export(moderator)["changes"][0]["by_you"] is True
    assert build_triage_export(moderator)["notes"] == []


@pytest.mark.parametrize("delete_content", [False, True])
def test_erasure_forgets_the_person(worked_on, admin, delete_content):
    erase_triage(admin, _context(delete_content))
    if delete_content:
        assert not MentionNote.objects.exists()
    else:
        assert MentionNote.objects.get().author is None
    assert Triage.objects.get(pk=worked_on.pk).assignee is None
    assert not TriageChange.objects.filter(to_assignee=admin).exists()
    assert MentionDiscussion.objects.get().started_by is None
    assert build_triage_export(admin) == {
        "notes": [],
        "assigned_to_you": [],
        "changes": [],
        "discussions": [],
    }
