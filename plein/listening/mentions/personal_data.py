"""What mentions hold about a person (``plein.core.personal_data``).

Mentions are public web content and point at nobody. The personal traces
are who corrected a mention's sentiment, and when: exported, and erased by
forgetting the name (the corrected sentiment stays; it is the
organisation's judgement, not the person's data); and the links one sent
in, with one's note: exported, and removed on erasure (the mentions stay,
found by the "Colleagues" source).
"""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.listening.mentions.models import Mention, MentionSubmission


def build_sentiment_corrections(person: Any) -> list[dict[str, Any]]:
    """The mentions whose sentiment one corrected: address, label, when."""
    return [
        {
            "mention_id": mention.pk,
            "url": mention.url,
            "sentiment": mention.sentiment,
            "computed": mention.sentiment_computed,
            "corrected_at": mention.sentiment_corrected_at.isoformat()
            if mention.sentiment_corrected_at
            else None,
        }
        for mention in Mention.objects.filter(sentiment_corrected_by=person).order_by(
            "pk"
        )
    ]


def build_mention_submissions(person: Any) -> list[dict[str, Any]]:
    """The links one sent in: address, one's note, how and when."""
    return [
        {
            "mention_id": submission.mention_id,
            "url": submission.mention.url,
            "note": submission.note,
            "via": submission.via,
            "submitted_at": submission.submitted_at.isoformat(),
        }
        for submission in MentionSubmission.objects.filter(person=person)
        .select_related("mention")
        .order_by("pk")
    ]


def erase_sentiment_corrections(person: Any, context: ErasureContext) -> None:
    """The corrections stay, without the name of who made them; the links
    one sent in stay mentions, without who sent them or the note."""
    Mention.objects.filter(sentiment_corrected_by=person).update(
        sentiment_corrected_by=None
    )
    MentionSubmission.objects.filter(person=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="mentions",
        order=371,
        models={
            Mention: "who corrected a mention's sentiment, and when",
            MentionSubmission: "the links one sent in to listening, with a note",
        },
        export=(
            ExportSection(
                "mention_sentiment",
                371,
                "the sentiment of mentions you corrected",
                build_sentiment_corrections,
            ),
            ExportSection(
                "mention_submissions",
                372,
                "the links you sent in to communications, with your notes",
                build_mention_submissions,
            ),
        ),
        erase=erase_sentiment_corrections,
    )
)
