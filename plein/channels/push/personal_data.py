"""What push holds about a person: their devices and their push choices
(see ``plein.core.personal_data``)."""

from typing import Any

from plein.channels.push.models import PushDelivery, PushPreference, PushSubscription
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)


def build_push_devices(person: Any) -> dict[str, Any]:
    """The devices without their secrets: no endpoint, no keys."""
    devices = PushSubscription.objects.filter(user=person).order_by("pk")
    return {
        "devices": [
            {
                "id": device.pk,
                "device": device.device,
                "push_service": device.endpoint_host,
                "created_at": device.created_at,
                "last_pushed_at": device.last_pushed_at,
                "expires_at": device.expires_at,
            }
            for device in devices
        ],
        "choices": dict(
            PushPreference.objects.filter(user=person)
            .order_by("kind")
            .values_list("kind", "is_enabled")
        ),
    }


def erase_push(person: Any, context: ErasureContext) -> None:
    # The deliveries go with the subscriptions (cascade).
    PushSubscription.objects.filter(user=person).delete()
    PushPreference.objects.filter(user=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="push",
        order=210,
        models={
            PushSubscription: "the devices one turned push on for: the push "
            "service's address for the browser, its keys, a device name",
            PushPreference: "one's push choice per kind of notification",
            PushDelivery: "which notification was pushed to which device, "
            "kept two days",
        },
        export=(
            ExportSection(
                "push_devices",
                205,
                "the devices you turned push notifications on for (without "
                "their keys) and your push choices",
                build_push_devices,
            ),
        ),
        erase=erase_push,
    )
)
