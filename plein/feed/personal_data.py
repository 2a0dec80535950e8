"""What the feed holds about a person: their inbox rows, derived from posts
they may see (see ``plein.core.personal_data``)."""

from typing import Any

from plein.core.personal_data import (
    ErasureContext,
    PersonalDataProvider,
    register_personal_data,
)
from plein.feed.models import InboxEntry


def erase_feed(person: Any, context: ErasureContext) -> None:
    InboxEntry.objects.filter(user=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="feed",
        order=40,
        models={
            InboxEntry: "which posts reached one's feed, and whether one read them",
        },
        erase=erase_feed,
    )
)
