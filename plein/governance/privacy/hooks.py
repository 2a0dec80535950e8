"""Privacy's settings tab and the link to it from one's profile settings."""

from django.utils.translation import gettext_lazy as _

from plein.core.fragments import register_fragment, register_menu_item

register_menu_item(
    "settings.tabs", "privacy", _("Privacy"), "privacy:settings", order=100
)
register_fragment(
    "settings.profile.privacy", "privacy.link", "privacy/fragments/_profile_link.html"
)
