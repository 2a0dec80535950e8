"""What watches hold about a person (``plein.core.personal_data``).

Who made a watch (exported; erasure forgets the name, the watch stays: it
is communications' shared list), the watches one subscribed to and the
account teams one is named on (exported; removed on erasure). Being on a
team through its group is the group's membership, exported by groups.
"""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.listening.watches.models import Watch, WatchSubscription, WatchTeamMember


def build_watches(person: Any) -> dict[str, list[dict[str, Any]]]:
    """The watches one made, subscribed to and is named on the team of."""
    return {
        "created": [
            {
                "watch_id": watch.pk,
                "name": watch.name,
                "kind": watch.kind,
                "query": watch.query,
                "created_at": watch.created_at.isoformat(),
            }
            for watch in Watch.objects.filter(created_by=person).order_by("pk")
        ],
        "subscribed": [
            {
                "watch_id": row.watch_id,
                "name": row.watch.name,
                "since": row.created_at.isoformat(),
            }
            for row in WatchSubscription.objects.filter(person=person)
            .select_related("watch")
            .order_by("pk")
        ],
        "account_teams": [
            {
                "watch_id": row.watch_id,
                "name": row.watch.name,
                "since": row.added_at.isoformat(),
            }
            for row in WatchTeamMember.objects.filter(person=person)
            .select_related("watch")
            .order_by("pk")
        ],
    }


def erase_watches(person: Any, context: ErasureContext) -> None:
    """The watches stay without their maker; subscriptions and places on
    account teams go."""
    Watch.objects.filter(created_by=person).update(created_by=None)
    WatchSubscription.objects.filter(person=person).delete()
    WatchTeamMember.objects.filter(person=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="listening_watches",
        order=373,
        models={
            Watch: "who made a watch",
            WatchSubscription: "the watches one asked to be told about",
            WatchTeamMember: "the client watches one is named on the account team of",
        },
        export=(
            ExportSection(
                "watches",
                373,
                "the watches you made, subscribed to or are on the account team of",
                build_watches,
            ),
        ),
        erase=erase_watches,
    )
)
