"""What the public wall holds about a person (see ``plein.core.personal_data``).

The posts are the posts app's (their text is in posts.json); the wall adds
which of one's posts one offered and what became of each offer, and the
decisions one took as communications. Erasure withdraws every offer of the
erased person's posts (the wall already stopped showing them: the author is
no longer active) and forgets who decided.
"""

from typing import Any

from django.db.models import Q

from plein.branding.wall.models import WallItem, WallSettings
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def build_wall(person: Any) -> dict[str, Any]:
    """One's offers (with the decision and its note) and one's decisions.

    Who decided on one's own offers is not named (by id, as elsewhere in
    the download, only for one's own decisions).
    """
    offers = WallItem.objects.filter(post__author=person).order_by("post_id")
    decided = WallItem.objects.filter(decided_by=person).order_by("post_id")
    return {
        "offers": [
            {
                "post_id": item.post_id,
                "status": item.status,
                "offered_at": _when(item.offered_at),
                "decided_at": _when(item.decided_at),
                "approved_at": _when(item.approved_at),
                "note": item.note,
            }
            for item in offers
        ],
        "decisions": [
            {
                "post_id": item.post_id,
                "status": item.status,
                "decided_at": _when(item.decided_at),
                "note": item.note,
            }
            for item in decided
        ],
    }


def erase_wall(person: Any, context: ErasureContext) -> None:
    """Withdraw the person's offers and forget them as the one who decided."""
    WallItem.objects.filter(post__author=person).exclude(
        Q(status=WallItem.Status.WITHDRAWN)
    ).update(status=WallItem.Status.WITHDRAWN, approved_at=None)
    WallItem.objects.filter(decided_by=person).update(decided_by=None)


register_personal_data(
    PersonalDataProvider(
        app_label="wall",
        order=390,
        models={
            WallItem: "the posts one offered for the public wall and the "
            "decisions one took on others' offers",
        },
        not_personal={
            WallSettings: "the organisation's switch; updated_by is the admin "
            "who changed it",
        },
        export=(
            ExportSection(
                "public_wall",
                390,
                "the posts you offered for the public wall with what became "
                "of each offer, and the offers you decided on",
                build_wall,
            ),
        ),
        erase=erase_wall,
    )
)
