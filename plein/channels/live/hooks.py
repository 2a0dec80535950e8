"""Where live updates show: the script on every page, bars on the home feed,
a group's page and a post's page (fragments: plein.core.fragments)."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse

from plein.core.fragments import register_fragment


def _signed_in(context: Mapping[str, Any]) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _stream_available(context: Mapping[str, Any]) -> bool:
    """Signed in, and a stream to open: its own URL, or this page under ASGI.

    A page served under WSGI with no LIVE_STREAM_URL would only open a
    stream that answers 204: no script, no request.
    """
    if not _signed_in(context):
        return False
    request = context.get("request")
    return bool(settings.LIVE_STREAM_URL) or "wsgi.input" not in getattr(
        request, "META", {}
    )


def _newest_post(context: Mapping[str, Any]) -> dict[str, Any]:
    posts = context.get("posts") or []
    return {"newest_post_id": max((p.pk for p in posts), default=0)}


def _stream_url(context: Mapping[str, Any]) -> dict[str, Any]:
    return {"live_stream_url": settings.LIVE_STREAM_URL or reverse("live:stream")}


register_fragment("base.head", "live.script", "live/_head.html", when=_stream_available)
register_fragment(
    "base.body_end",
    "live.anchor",
    "live/_script.html",
    when=_stream_available,
    data=_stream_url,
)
register_fragment(
    "home.top",
    "live.new_posts",
    "live/_new_posts.html",
    order=10,
    data=_newest_post,
)
register_fragment(
    "group.posts.top",
    "live.group_new_posts",
    "live/_group_news.html",
    order=10,
    when=_stream_available,
    data=_newest_post,
)
register_fragment(
    "post.detail.top",
    "live.post_changes",
    "live/_post_changes.html",
    order=10,
)
