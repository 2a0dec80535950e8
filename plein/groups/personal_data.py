"""What the groups app holds about a person: memberships, join requests and
invitations (see ``plein.core.personal_data``)."""

from typing import Any

from plein.core.personal_data import (
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.groups.models import Group, GroupInvitation, JoinRequest, Membership


def build_group_memberships(person: Any) -> dict[str, Any]:
    return {
        "memberships": [
            {
                "group": row["group__slug"],
                "group_name": row["group__name"],
                "role": row["role"],
                "notify_every_post": row["is_following_closely"],
                "since": row["created_at"],
            }
            for row in Membership.objects.filter(user=person)
            .order_by("id")
            .values(
                "group__slug",
                "group__name",
                "role",
                "is_following_closely",
                "created_at",
            )
        ],
        "join_requests": [
            {
                "group": row["group__slug"],
                "message": row["message"],
                "status": row["status"],
                "created_at": row["created_at"],
                "decided_at": row["decided_at"],
            }
            for row in JoinRequest.objects.filter(user=person)
            .order_by("id")
            .values("group__slug", "message", "status", "created_at", "decided_at")
        ],
    }


register_personal_data(
    PersonalDataProvider(
        app_label="groups",
        order=20,
        models={
            Membership: "the groups one is in, with one's role",
            JoinRequest: "one's requests to join, with their message",
            GroupInvitation: "invitations one received or sent",
        },
        not_personal={
            Group: "a group; created_by names who started it, as a group fact",
        },
        export=(
            ExportSection(
                "group_memberships",
                90,
                "the groups you are in, and your join requests",
                build_group_memberships,
            ),
        ),
    )
)
