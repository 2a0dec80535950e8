"""What the mail gateway holds about a person: the messages they sent in
(see ``plein.core.personal_data``)."""

from plein.core.personal_data import PersonalDataProvider, register_personal_data
from plein.mail.models import InboundMessage

register_personal_data(
    PersonalDataProvider(
        app_label="mail",
        order=90,
        models={
            InboundMessage: "mail one sent through the gateway: sender address, "
            "subject, what became of it",
        },
    )
)
