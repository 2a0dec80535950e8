"""What scheduling holds about a person (see ``plein.core.personal_data``).

One's drafts and scheduled posts (their text as typed, when, where), and
what became of them. Exported in "download my data", erased with the
person (they were never published), and cancelled or failed items are
purged ``PURGE_AFTER_DAYS`` (30) after they last changed.
"""

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    PurgedIds,
    RetentionScope,
    RetentionStep,
    register_personal_data,
)
from plein.engagement.scheduling.models import ScheduledPost, State

PURGE_AFTER_DAYS = 30


def build_scheduled(person: Any) -> list[dict[str, Any]]:
    """One's drafts and scheduled posts, with what became of them."""
    return [
        {
            "id": item.pk,
            "state": item.state,
            "source": item.source,
            "kind": item.kind,
            "group_id": item.group_id,
            "publish_at": item.publish_at,
            "published_at": item.published_at,
            "post_id": item.post_id,
            "title": item.title,
            "text": item.text,
            "data": item.data,
            "failure_reason": item.failure_reason,
            "created_at": item.created_at,
            "updated_at": item.updated_at,
        }
        for item in ScheduledPost.objects.filter(author=person).order_by("pk")
    ]


def erase_scheduled(person: Any, context: ErasureContext) -> None:
    """Never published, so nothing of it is anyone else's: it all goes."""
    ScheduledPost.objects.filter(author=person).delete()


def purgeable_scheduled(scope: RetentionScope) -> QuerySet[ScheduledPost]:
    """Cancelled and failed items untouched for PURGE_AFTER_DAYS, not on hold."""
    qs = ScheduledPost.objects.filter(
        state__in=[State.CANCELLED, State.FAILED],
        updated_at__lt=scope.terms.now - timedelta(days=PURGE_AFTER_DAYS),
    )
    held = scope.holds.covering(person="author_id", group="group_id")
    return qs.exclude(held) if held is not None else qs


def purge_scheduled(ids: list[int]) -> PurgedIds:
    ScheduledPost.objects.filter(pk__in=ids).delete()
    return {"scheduled_ids": list(ids)}


register_personal_data(
    PersonalDataProvider(
        app_label="scheduling",
        order=216,
        models={
            ScheduledPost: "one's drafts and scheduled posts, as typed",
        },
        export=(
            ExportSection(
                "scheduled_posts",
                216,
                "your drafts and scheduled posts: the text as you typed it, "
                "when and where they were to be published, and what became "
                "of them",
                build_scheduled,
            ),
        ),
        erase=erase_scheduled,
        retention=(
            RetentionStep("scheduled_posts", purgeable_scheduled, purge_scheduled),
        ),
    )
)
