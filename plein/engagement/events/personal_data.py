"""What events hold about a person: their answers and invitations (see
``plein.core.personal_data``). The events themselves are posts, in
posts.json."""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)
from plein.engagement.events.models import Event, Invitation, Rsvp


def build_events(person: Any) -> dict[str, Any]:
    """One's answers to events and the invitations one got or sent."""
    return {
        "my_events": list(
            Event.objects.filter(post__author=person)
            .order_by("post_id")
            .values("post_id", "starts_at", "ends_at", "location", "online_url")
        ),
        "my_answers": list(
            Rsvp.objects.filter(user=person)
            .order_by("event_id")
            .values("event_id", "answer", "is_waiting", "answered_at")
        ),
        "invitations_received": list(
            Invitation.objects.filter(user=person)
            .order_by("event_id")
            .values("event_id", "created_at", "sent_at")
        ),
        "invitations_sent": list(
            Invitation.objects.filter(invited_by=person)
            .order_by("event_id", "user_id")
            .values("event_id", "created_at")
        ),
    }


def erase_events(person: Any, context: ErasureContext) -> None:
    """Forget whether the person goes to events and who invited them.

    Their answers count no more; a place they held is not passed on (the
    event's organiser sees one fewer going).
    """
    Rsvp.objects.filter(user=person).delete()
    Invitation.objects.filter(user=person).delete()
    Invitation.objects.filter(invited_by=person).update(invited_by=None)


register_personal_data(
    PersonalDataProvider(
        app_label="events",
        order=200,
        models={
            Rsvp: "whether one goes to an event, and when one answered",
            Invitation: "the events one was invited to, and by whom",
        },
        not_personal={Event: "an event's time and place; its post is the author's"},
        export=(
            ExportSection(
                "events",
                200,
                "your events, your answers to events and your invitations",
                build_events,
            ),
        ),
        erase=erase_events,
    )
)
