"""What feeds hold about a person: their feed tokens' names and dates
(see ``plein.core.personal_data``). The tokens themselves are never stored."""

from typing import Any

from plein.channels.feeds.models import FeedToken
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)


def build_feed_tokens(person: Any) -> list[Any]:
    """Names and dates; neither the digest nor the prefix of a token."""
    return list(
        FeedToken.objects.filter(user=person)
        .order_by("id")
        .values("id", "name", "created_at", "last_used_at")
    )


def erase_feed_tokens(person: Any, context: ErasureContext) -> None:
    FeedToken.objects.filter(user=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="feeds",
        order=300,
        models={FeedToken: "one's feed tokens: names and dates (secrets only hashed)"},
        export=(
            ExportSection(
                "feed_tokens",
                300,
                "your feed tokens: names, when made and last used",
                build_feed_tokens,
            ),
        ),
        erase=erase_feed_tokens,
    )
)
