"""Leak prevention's menu entry: the review queue, for reviewers."""

from django.utils.translation import gettext_lazy as _

from plein.access.dlp import can_review_leaks
from plein.core.fragments import register_menu_item

register_menu_item(
    "header.menu",
    "dlp",
    _("Leak review"),
    "dlp:review",
    order=80,
    when=can_review_leaks,
)
