"""Moderation's parts of shared pages: "Report" on posts and comments, the queue."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from plein.access.moderation import can_use_moderation_queue
from plein.core.fragments import register_fragment, register_menu_item


def _viewer_id(context: Mapping[str, Any]) -> int | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _not_own(name: str) -> Any:
    """Shown on other people's posts or comments only: nobody reports themselves."""

    def when(context: Mapping[str, Any]) -> bool:
        viewer_id = _viewer_id(context)
        return viewer_id is not None and context[name].author_id != viewer_id

    return when


register_fragment(
    "post.card.footer",
    "moderation.report",
    "moderation/fragments/_report_post.html",
    when=_not_own("post"),
)
register_fragment(
    "comment.actions",
    "moderation.report",
    "moderation/fragments/_report_comment.html",
    order=10,
    when=_not_own("comment"),
)
register_menu_item(
    "header.menu",
    "moderation",
    _("Moderation"),
    "moderation:queue",
    order=70,
    when=can_use_moderation_queue,
)
