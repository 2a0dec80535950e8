"""What insights holds about a person (see ``plein.core.personal_data``).

Only the days one was active (read, posted or commented, reacted, and in
which groups), for INSIGHTS_ACTIVITY_DAYS; the nightly rollup deletes
older days. The rollups hold no person's id: they are not personal data.
Erasing a person deletes their days; the figures already computed stay,
as they cannot be traced back to anyone.
"""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.insights.models import ActivityDay


def build_activity(person: Any) -> list[dict[str, Any]]:
    """One's activity days, oldest first."""
    return [
        {
            "day": day.isoformat(),
            "read": has_read,
            "posted_or_commented": has_posted,
            "reacted": has_reacted,
            "group_ids": group_ids,
        }
        for day, has_read, has_posted, has_reacted, group_ids in ActivityDay.objects.filter(
            person=person
        )
        .order_by("day")
        .values_list("day", "has_read", "has_posted", "has_reacted", "group_ids")
    ]


def erase_activity(person: Any, context: ErasureContext) -> None:
    """Their activity days go; the rollups never named them."""
    ActivityDay.objects.filter(person=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="insights",
        order=310,
        models={
            ActivityDay: "the days one read, posted or reacted, and in which groups",
        },
        export=(
            ExportSection(
                "insights_activity",
                310,
                "the days you were active in Plein (read, posted or commented, "
                "reacted), kept for the usage figures for a limited time",
                build_activity,
            ),
        ),
        erase=erase_activity,
    )
)
