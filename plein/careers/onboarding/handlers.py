"""What onboarding does when something happens elsewhere.

A person created (by an admin, by accepting an invitation, later by
provisioning: every way goes through ``do_create_person``) gets a plan;
joining a group ticks the "join" task. Both run inside the action's
transaction: the plan exists exactly when the person does.
"""

from plein.careers.onboarding.actions import (
    do_complete_group_tasks,
    do_start_plan_for_new_person,
    is_onboarded_role,
)
from plein.core.events import Event, on


@on("people.person.created")
def start_onboarding(event: Event) -> None:
    if is_onboarded_role(event.payload.get("role", "")):
        do_start_plan_for_new_person(event.payload["user_id"])


@on("groups.membership.created")
def tick_joined_group(event: Event) -> None:
    do_complete_group_tasks(
        user_id=event.payload["user_id"], group_id=event.payload["group_id"]
    )
