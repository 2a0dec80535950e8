"""What the alumni programme holds about a person (``plein.core.personal_data``).

The records of their leaving and returning: dates, the work address the
account had, HR's note, the groups they were in. The account itself (the
private address, the alumni role) is the people app's. Erasure removes the
records; an HR person's erasure only removes their name from the offers
they made.
"""

from typing import Any

from plein.careers.alumni.models import AlumniRecord
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)


def build_alumni(person: Any) -> list[dict[str, Any]]:
    """Each time one left (and came back), as HR recorded it."""
    return [
        {
            "left_on": record.left_on.isoformat(),
            "offered_at": record.offered_at.isoformat(),
            "accepted_at": record.accepted_at.isoformat()
            if record.accepted_at
            else None,
            "returned_on": record.returned_on.isoformat()
            if record.returned_on
            else None,
            "work_email": record.work_email,
            "note": record.note,
            "former_group_ids": record.former_group_ids,
        }
        for record in AlumniRecord.objects.filter(person=person).order_by(
            "offered_at", "pk"
        )
    ]


def erase_alumni(person: Any, context: ErasureContext) -> None:
    """Their records go; as HR, their name leaves the offers they made."""
    AlumniRecord.objects.filter(person=person).delete()
    AlumniRecord.objects.filter(offered_by=person).update(offered_by=None)


register_personal_data(
    PersonalDataProvider(
        app_label="alumni",
        order=360,
        models={
            AlumniRecord: "when one left, was offered an alumni account and "
            "returned; the former work address; HR's note",
        },
        export=(
            ExportSection(
                "alumni",
                360,
                "when you left, were offered an alumni account and came back, "
                "with HR's note",
                build_alumni,
            ),
        ),
        erase=erase_alumni,
    )
)
