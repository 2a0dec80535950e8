"""What pulse surveys hold about a person (see ``plein.core.personal_data``).

Only two things name a person: the surveys they created, and, while a round
is open, their invitation (whether they answered it yet). Their answers
name nobody, so they are neither exported nor erased: there is no way to
tell which are theirs, which is the point.
"""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.engagement.surveys.models import Invitation, Survey


def build_surveys(person: Any) -> dict[str, Any]:
    return {
        "surveys_created": list(
            Survey.objects.filter(created_by=person)
            .order_by("id")
            .values("id", "title", "created_at")
        ),
        "open_survey_rounds": [
            {"survey_id": survey_id, "round": number, "has_answered": answered}
            for survey_id, number, answered in Invitation.objects.filter(person=person)
            .order_by("round_id")
            .values_list("round__survey_id", "round__number", "has_responded")
        ],
    }


def erase_surveys(person: Any, context: ErasureContext) -> None:
    Survey.objects.filter(created_by=person).update(created_by=None)
    Invitation.objects.filter(person=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="surveys",
        order=270,
        models={
            Survey: "the pulse surveys one created (who created them)",
            Invitation: "the open survey rounds one is invited to, and whether "
            "one answered (deleted when the round closes)",
        },
        export=(
            ExportSection(
                "surveys",
                270,
                "the pulse surveys you created and the open rounds you are "
                "invited to (your answers are anonymous and not in here)",
                build_surveys,
            ),
        ),
        erase=erase_surveys,
    )
)
