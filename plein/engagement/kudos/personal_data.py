"""What kudos hold about a person (see ``plein.core.personal_data``).

A kudos is a post: its text is in posts.json, and erasure treats it as the
posts app treats posts (with ERASURE_CONTENT "delete" the giver's kudos
posts are purged, and their kudos rows with them; otherwise they stay
under the pseudonym). This provider adds the value, the praised people and
the subject, and removes what names the erased person as praised.
"""

from typing import Any

from plein.access.kudos import visible_kudos
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.engagement.kudos.models import Kudos, KudosRecipient
from plein.knowledge.recognition.models import Point


def _row(kudos: Kudos) -> dict[str, Any]:
    return {
        "post_id": kudos.post_id,
        "value": {"nl": kudos.value.name_nl, "en": kudos.value.name_en},
        "team_id": kudos.team_id,
        "subject_post_id": kudos.subject_post_id,
        "subject_comment_id": kudos.subject_comment_id,
        "subject_page_id": kudos.subject_page_id,
        "created_at": kudos.created_at.isoformat(),
    }


def build_kudos(person: Any) -> dict[str, Any]:
    """The kudos one gave (with whom they praised) and those one received.

    Received: only those the person may see now (a kudos in a group they
    left is no longer theirs to read). Givers and the praised by id only,
    as elsewhere in the download.
    """
    given = (
        Kudos.objects.filter(giver=person)
        .select_related("value")
        .prefetch_related("recipients")
        .order_by("pk")
    )
    received = (
        visible_kudos(person)
        .filter(recipients__person=person)
        .select_related("value")
        .order_by("pk")
    )
    return {
        "given": [
            {
                **_row(k),
                "recipient_ids": sorted(r.person_id for r in k.recipients.all()),
            }
            for k in given
        ],
        "received": [{**_row(k), "giver_id": k.giver_id} for k in received],
    }


def erase_kudos(person: Any, context: ErasureContext) -> None:
    """Nothing names them as praised any more; points of purged kudos go.

    The kudos they gave are posts: the posts app (which runs before) purged
    them with ``delete_content`` (their rows went with them), or they stay
    under the pseudonym. The recognition points those purged kudos gave
    colleagues are taken back.
    """
    KudosRecipient.objects.filter(person=person).delete()
    purged = context.removed.get("post", set())
    if purged:
        Point.objects.filter(
            kind=Point.Kind.KUDOS, target_kind="post", target_id__in=purged
        ).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="kudos",
        order=220,
        models={
            Kudos: "the kudos one gave: value, team and what it was for",
            KudosRecipient: "the kudos one received",
        },
        not_personal={},
        export=(
            ExportSection(
                "kudos",
                235,
                "the kudos you gave (value, whom you praised, what for) and the "
                "kudos you received that you can see",
                build_kudos,
            ),
        ),
        erase=erase_kudos,
    )
)
