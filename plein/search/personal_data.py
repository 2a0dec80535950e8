"""What search holds about a person: index rows of what they wrote, removed
with the posts and comments themselves (see ``plein.core.personal_data``)."""

from plein.core.personal_data import PersonalDataProvider, register_personal_data
from plein.search.models import Document

register_personal_data(
    PersonalDataProvider(
        app_label="search",
        order=60,
        models={
            Document: "the search index of one's posts and comments (a copy of "
            "the text, purged and erased with them)",
        },
    )
)
