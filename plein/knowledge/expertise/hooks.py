"""The expertise finder's parts of shared pages: its menu entries, endorsements."""

from django.utils.translation import gettext_lazy as _

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
