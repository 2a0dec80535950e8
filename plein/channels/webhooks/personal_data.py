"""What the webhooks app holds about a person: nothing of its own.

A webhook is an integration of the organisation or of a group; its creator
is kept only to be told when it stops working, and is forgotten (the field
set empty) when the account goes. Deliveries hold ids of content, whose own
apps govern it; payloads are not stored.
"""

from plein.channels.webhooks.models import Webhook
from plein.core.personal_data import PersonalDataProvider, register_personal_data

register_personal_data(
    PersonalDataProvider(
        app_label="webhooks",
        order=320,
        not_personal={
            Webhook: (
                "an integration of the organisation or a group; the creator "
                "is only notified when it is turned off"
            ),
        },
    )
)
