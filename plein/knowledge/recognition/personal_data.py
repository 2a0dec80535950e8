"""What recognition holds about a person: the points they earned and the
"this helped me" marks they gave and received (see
``plein.core.personal_data``)."""

from typing import Any

from plein.access.people import visible_people
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.knowledge.recognition.models import HelpedMark, Point, RecognitionSettings
from plein.knowledge.recognition.queries import build_export


def build_recognition(person: Any) -> dict[str, Any]:
    """Points one earned and the "this helped me" marks one gave.

    Who gave a point is named by handle, and only when it is an active
    colleague one may see: the same as on one's contribution page.
    """
    data = build_export(person)
    giver_ids = {p["giver_id"] for p in data["points"] if p.get("giver_id")}
    handles = dict(
        visible_people(person)
        .filter(pk__in=giver_ids, is_active=True)
        .values_list("pk", "handle")
    )
    for point in data["points"]:
        point["giver"] = handles.get(point.pop("giver_id", None))
    return data


def erase_recognition(person: Any, context: ErasureContext) -> None:
    """The marks they gave and their own points go.

    Kept: the points colleagues earned from them (the giver is the
    pseudonymised account, which recognition never names). With
    ``delete_content``, colleagues' marks on what the erasure removed go too:
    posts and comments purged by the posts app, pages the wiki app removed
    (both run before recognition).
    """
    HelpedMark.objects.filter(giver=person).delete()
    Point.objects.filter(person=person).delete()
    for kind, ids in sorted(context.removed.items()):
        HelpedMark.objects.filter(target_kind=kind, target_id__in=ids).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="recognition",
        order=190,
        models={
            Point: "the points one earned, and from whom",
            HelpedMark: "the “this helped me” marks one gave and received",
        },
        not_personal={
            RecognitionSettings: "the organisation's setting; updated_by is "
            "the admin who changed it",
        },
        export=(
            ExportSection(
                "recognition",
                220,
                "your points and the “this helped me” marks you gave",
                build_recognition,
            ),
        ),
        erase=erase_recognition,
    )
)
