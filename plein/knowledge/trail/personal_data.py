"""What the search trail holds about a person: the opt-in and the stems of
their searches (see ``plein.core.personal_data``)."""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.knowledge.trail.models import TrailOptIn, TrailTerm
from plein.knowledge.trail.queries import build_export


def erase_trail(person: Any, context: ErasureContext) -> None:
    TrailTerm.objects.filter(person=person).delete()
    TrailOptIn.objects.filter(person=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="trail",
        order=170,
        models={
            TrailOptIn: "whether and since when one shares one's search trail",
            TrailTerm: "the stems and words of one's searches, with a weight",
        },
        export=(
            ExportSection(
                "search_trail",
                210,
                "whether you share your search trail, and its stored words",
                build_export,
            ),
        ),
        erase=erase_trail,
    )
)
