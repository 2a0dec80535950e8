"""What triage holds about a person (``plein.core.personal_data``).

- Notes one wrote on mentions: exported with their text. Erasure removes
  them when the erasure removes a person's content (``delete_content``),
  as for comments; otherwise they stay without their author ("a former
  colleague"), the organisation's working notes on public web content.
- Triage states one set and mentions assigned to one, with the history:
  exported; erasure forgets the name (the state stays: it is the
  organisation's decision, as for a corrected sentiment).
- Posts one started to discuss a mention: exported as the link between the
  two; erasure forgets who started it (the post itself is the posts app's).
"""

from typing import Any

from django.db.models import Q

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.listening.triage.models import (
    MentionDiscussion,
    MentionNote,
    Triage,
    TriageChange,
)


def _when(value: Any) -> str | None:
    return value.isoformat() if value else None


def build_triage_export(person: Any) -> dict[str, Any]:
    """One's notes, the mentions assigned to one, one's triage changes and
    the discussions one started."""
    return {
        "notes": [
            {
                "mention_id": note.mention_id,
                "url": note.mention.url,
                "text": note.text,
                "created_at": _when(note.created_at),
                "edited_at": _when(note.edited_at),
            }
            for note in MentionNote.objects.filter(author=person)
            .select_related("mention")
            .order_by("pk")
        ],
        "assigned_to_you": [
            {"mention_id": triage.pk, "url": triage.mention.url, "state": triage.state}
            for triage in Triage.objects.filter(assignee=person)
            .select_related("mention")
            .order_by("pk")
        ],
        "changes": [
            {
                "mention_id": change.mention_id,
                "from_state": change.from_state,
                "to_state": change.to_state,
                "by_you": change.changed_by_id == person.pk,
                "assigned_to_you": change.to_assignee_id == person.pk,
                "changed_at": _when(change.changed_at),
            }
            for change in TriageChange.objects.filter(
                Q(changed_by=person) | Q(to_assignee=person) | Q(from_assignee=person)
            ).order_by("pk")
        ],
        "discussions": [
            {
                "mention_id": discussion.mention_id,
                "post_id": discussion.post_id,
                "created_at": _when(discussion.created_at),
            }
            for discussion in MentionDiscussion.objects.filter(
                started_by=person
            ).order_by("pk")
        ],
    }


def erase_triage(person: Any, context: ErasureContext) -> None:
    """Forget the person in triage; with ``delete_content``, their notes go."""
    notes = MentionNote.objects.filter(author=person)
    if context.delete_content:
        notes.delete()
    else:
        notes.update(author=None)
    Triage.objects.filter(assignee=person).update(assignee=None)
    Triage.objects.filter(changed_by=person).update(changed_by=None)
    TriageChange.objects.filter(changed_by=person).update(changed_by=None)
    TriageChange.objects.filter(from_assignee=person).update(from_assignee=None)
    TriageChange.objects.filter(to_assignee=person).update(to_assignee=None)
    MentionDiscussion.objects.filter(started_by=person).update(started_by=None)


register_personal_data(
    PersonalDataProvider(
        app_label="listening_triage",
        order=375,
        models={
            Triage: "who a mention is assigned to and who last changed its state",
            TriageChange: "who changed a mention's triage, and to whom it went",
            MentionNote: "the notes one wrote on mentions",
            MentionDiscussion: "who started discussing a mention internally",
        },
        export=(
            ExportSection(
                "mention_triage",
                375,
                "your notes on mentions, the mentions assigned to you, your "
                "triage changes and the mentions you discussed internally",
                build_triage_export,
            ),
        ),
        erase=erase_triage,
    )
)
