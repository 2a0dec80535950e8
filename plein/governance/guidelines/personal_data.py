"""What the guidelines app holds about a person: when they accepted which
version, and whether they passed the quiz (see ``plein.core.personal_data``)."""

from typing import Any

from plein.core.personal_data import (
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.governance.guidelines.models import Acceptance, GuidelinesVersion


def build_guidelines(person: Any) -> list[dict[str, Any]]:
    rows = Acceptance.objects.filter(person=person).order_by("pk")
    return [
        {
            "version": row["version__number"],
            "accepted_at": row["accepted_at"],
            "quiz_passed": row["quiz_passed"],
        }
        for row in rows.values("version__number", "accepted_at", "quiz_passed")
    ]


register_personal_data(
    PersonalDataProvider(
        app_label="guidelines",
        order=100,
        models={
            Acceptance: "when one accepted which version, and the quiz result",
        },
        not_personal={
            GuidelinesVersion: "the organisation's text; published_by is the "
            "admin who published it, kept as the record of who decided",
        },
        export=(
            ExportSection(
                "guidelines",
                160,
                "when you accepted the community guidelines",
                build_guidelines,
            ),
        ),
    )
)
