"""Leak prevention's menu entry: the review queue, for reviewers."""

from django.utils.translation import gettext_lazy as _

from plein.core.fragments import register_menu_item
from plein.governance.dlp.actions import can_review

register_menu_item(
    "header.menu", "dlp", _("Leak review"), "dlp:review", order=80, when=can_review
)
