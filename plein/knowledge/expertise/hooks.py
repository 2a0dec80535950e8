"""The expertise finder's parts of shared pages: its menu entries, endorsements."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item

register_menu_item(
    "header.nav",
    "expertise",
    _("Experts"),
    "expertise:search",
    order=60,
    active_prefix="/experts/",
)
register_menu_item(
    "header.menu", "expertise", _("My expertise"), "expertise:mine", order=20
)
# A profile's skills, each with its endorsements and an "endorse" button.
register_fragment(
    "profile.skills",
    "expertise.endorsements",
    "expertise/fragments/_profile_skills.html",
)
# How the opt-in to offered questions reads in the audit log.
register_event_labels(
    {
        "expertise.question_offers.changed": pgettext_lazy(
            "audit action", "Question offers setting changed"
        )
    }
)
