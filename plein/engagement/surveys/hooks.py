"""Where pulse surveys appear: the main menu, and how their events read."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.people import is_active_person
from plein.core.events import register_event_labels
from plein.core.fragments import register_menu_item

register_menu_item(
    "header.menu",
    "surveys",
    _("Pulse surveys"),
    "surveys:list",
    order=86,
    when=is_active_person,
    active_prefix="/surveys/",
)

# How this app's events read in the audit log. Answers have no event.
register_event_labels(
    {
        "surveys.survey.created": pgettext_lazy("audit action", "Pulse survey created"),
        "surveys.survey.paused": pgettext_lazy("audit action", "Pulse survey paused"),
        "surveys.survey.resumed": pgettext_lazy("audit action", "Pulse survey resumed"),
        "surveys.round.opened": pgettext_lazy(
            "audit action", "Pulse survey round opened"
        ),
        "surveys.round.closed": pgettext_lazy(
            "audit action", "Pulse survey round closed"
        ),
    }
)
