"""What leak prevention holds about a person: the findings in what they wrote
(see ``plein.core.personal_data``)."""

from typing import Any

from plein.core.personal_data import (
    ExportSection,
    PersonalDataProvider,
    plain_fields,
    register_personal_data,
)
from plein.governance.dlp.models import DlpHit, DlpTerm


def build_dlp_hits(person: Any) -> list[dict[str, Any]]:
    hits = DlpHit.objects.filter(person=person).order_by("pk")
    return [plain_fields(hit) for hit in hits.iterator(chunk_size=500)]


register_personal_data(
    PersonalDataProvider(
        app_label="dlp",
        order=110,
        models={
            DlpHit: "what leak prevention found in one's text, one's "
            "justification, and the review",
        },
        not_personal={
            DlpTerm: "a term the organisation watches for; added_by is the "
            "admin who added it",
        },
        export=(
            ExportSection(
                "dlp_hits",
                130,
                "leak-prevention findings about your content",
                build_dlp_hits,
            ),
        ),
    )
)
