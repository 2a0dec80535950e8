"""What office screens hold about a person: the screens and screen tokens
they created (see ``plein.core.personal_data``).

A screen is the organisation's, not its creator's: erasure keeps it and
forgets who made it.
"""

from typing import Any

from plein.channels.screens.models import Screen, ScreenToken
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)


def build_screens(person: Any) -> dict[str, Any]:
    return {
        "screens_created": list(
            Screen.objects.filter(created_by=person)
            .order_by("id")
            .values("id", "name", "location", "created_at")
        ),
        "screen_tokens_created": list(
            ScreenToken.objects.filter(created_by=person)
            .order_by("id")
            .values("screen_id", "prefix", "created_at", "revoked_at")
        ),
    }


def erase_screens(person: Any, context: ErasureContext) -> None:
    Screen.objects.filter(created_by=person).update(created_by=None)
    ScreenToken.objects.filter(created_by=person).update(created_by=None)


register_personal_data(
    PersonalDataProvider(
        app_label="screens",
        order=250,
        models={
            Screen: "the office screens one set up (who created them)",
            ScreenToken: "the screen addresses one created (who created them)",
        },
        export=(
            ExportSection(
                "screens",
                250,
                "the office screens and screen addresses you set up",
                build_screens,
            ),
        ),
        erase=erase_screens,
    )
)
