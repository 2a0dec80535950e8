"""What the feed holds about a person: their inbox rows, derived from posts
they may see (see ``plein.core.personal_data``)."""

from plein.core.personal_data import PersonalDataProvider, register_personal_data
from plein.feed.models import InboxEntry

register_personal_data(
    PersonalDataProvider(
        app_label="feed",
        order=40,
        models={
            InboxEntry: "which posts reached one's feed, and whether one read them",
        },
    )
)
