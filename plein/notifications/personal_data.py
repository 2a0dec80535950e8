"""What notifications hold about a person: what they were told, and their
choices per kind (see ``plein.core.personal_data``)."""

from typing import Any

from django.db.models import Q

from plein.access.posts import visible_post_filter
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.notifications.models import Notification, Preference


def build_notifications(person: Any) -> list[dict[str, Any]]:
    """Those pointing at posts one can no longer see are left out."""
    rows = (
        Notification.objects.filter(recipient=person)
        .filter(Q(post__isnull=True) | visible_post_filter(person, prefix="post__"))
        .order_by("id")
        .values(
            "kind",
            "actor__handle",
            "post_id",
            "target_type__model",
            "target_id",
            "created_at",
            "read_at",
            "emailed_at",
        )
    )
    lookups = ("actor__handle", "target_type__model")
    return [
        {key: value for key, value in row.items() if key not in lookups}
        | {
            "actor": row["actor__handle"],
            # What the notification is about besides the post: "comment", …
            "target": row["target_type__model"],
        }
        for row in rows.iterator(chunk_size=500)
    ]


def erase_notifications(person: Any, context: ErasureContext) -> None:
    Notification.objects.filter(recipient=person).delete()
    Preference.objects.filter(user=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="notifications",
        order=50,
        models={
            Notification: "what one was told, by whom, and when one read it",
            Preference: "one's choices per kind (exported in profile.json)",
        },
        export=(
            ExportSection(
                "notifications",
                120,
                "the notifications you received",
                build_notifications,
            ),
        ),
        erase=erase_notifications,
    )
)
