"""What the mail gateway holds about a person: the messages they sent in
(see ``plein.core.personal_data``)."""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    PersonalDataProvider,
    register_personal_data,
)
from plein.mail.models import InboundMessage


def erase_mail(person: Any, context: ErasureContext) -> None:
    """The sender address becomes the pseudonym's (set by the people app)."""
    InboundMessage.objects.filter(sender=person).update(sender_address=person.email)


register_personal_data(
    PersonalDataProvider(
        app_label="mail",
        order=90,
        models={
            InboundMessage: "mail one sent through the gateway: sender address, "
            "subject (and its form for threading replies), what became of it",
        },
        erase=erase_mail,
    )
)
