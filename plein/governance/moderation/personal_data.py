"""What moderation holds about a person: the reports they made and the
decisions about their content (see ``plein.core.personal_data``)."""

from typing import Any

from plein.core.personal_data import (
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.governance.moderation.models import Decision, Report


def build_moderation(person: Any) -> dict[str, Any]:
    return {
        "reports_made": list(
            Report.objects.filter(reporter=person)
            .order_by("pk")
            .values("post_id", "comment_id", "reason", "note", "created_at")
        ),
        # What was decided about their content, not who decided it.
        "decisions_about_me": list(
            Decision.objects.filter(author=person)
            .order_by("pk")
            .values("post_id", "comment_id", "action", "reason", "created_at")
        ),
    }


register_personal_data(
    PersonalDataProvider(
        app_label="moderation",
        order=120,
        models={
            Report: "reports one made, with one's note",
            Decision: "decisions about one's content, and the moderator's own",
        },
        export=(
            ExportSection(
                "moderation",
                170,
                "reports you made and moderation decisions about your content",
                build_moderation,
            ),
        ),
    )
)
