"""What announcements hold about a person: required reading, with when they
opened and confirmed it (see ``plein.core.personal_data``)."""

from typing import Any

from plein.announcements.models import Announcement, RequiredReader
from plein.core.personal_data import (
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)


def build_read_receipts(person: Any) -> list[dict[str, Any]]:
    return [
        {
            "post_id": row["announcement__post_id"],
            "opened_at": row["opened_at"],
            "confirmed_at": row["confirmed_at"],
            "last_reminded_at": row["last_reminded_at"],
        }
        for row in RequiredReader.objects.filter(user=person)
        .order_by("id")
        .values(
            "announcement__post_id", "opened_at", "confirmed_at", "last_reminded_at"
        )
    ]


register_personal_data(
    PersonalDataProvider(
        app_label="announcements",
        order=70,
        models={
            RequiredReader: "posts one must read: opened, confirmed, reminded",
        },
        not_personal={
            Announcement: "the reading request on a post; created_by is the "
            "post's author, whose post it is part of",
        },
        export=(
            ExportSection(
                "read_receipts",
                100,
                "required reading: when you opened and confirmed it",
                build_read_receipts,
            ),
        ),
    )
)
