"""The live stream for the web pages (session) and its small helpers."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from plein.access.groups import access_group, can_view_group_content
from plein.channels.live.stream import dispatcher, event_stream, parse_last_event_id
from plein.core.errors import NotFound
from plein.feed.queries import FEED_FILTERS, get_feed_page
from plein.groups.queries import list_group_post_ids
from plein.people.http import AuthedRequest
from plein.posts.models import Post


async def open_stream(
    request: HttpRequest, user_id: int
) -> HttpResponse | StreamingHttpResponse:
    """The Server-Sent Events response for ``user_id`` (already authenticated)."""
    if "wsgi.input" in request.META:
        # A WSGI server would hold a thread per stream (and Django would
        # read the endless stream to its end): the stream needs ASGI. 204
        # tells EventSource to stop trying; the page works without it.
        return HttpResponse(status=204)
    hub = dispatcher()
    await hub.start()
    opened = hub.open(user_id)
    if opened is None:
        refused = HttpResponse(status=429)
        refused["Retry-After"] = "60"
        return refused
    stream_id, stream = opened
    last = parse_last_event_id(
        request.headers.get("Last-Event-ID") or request.GET.get("last_event_id")
    )
    response = StreamingHttpResponse(
        event_stream(stream_id, stream, last_event_id=last),
        content_type="text/event-stream; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache, no-store"
    # Tell nginx and the like not to buffer the stream.
    response["X-Accel-Buffering"] = "no"
    allow_site_origin(request, response)
    return response


def allow_site_origin(request: HttpRequest, response: HttpResponseBase) -> None:
    """Let the site's own pages read a stream served on another port.

    Only when the stream has its own origin (``LIVE_STREAM_URL``), and only
    for the site's origin (``SITE_URL``), with the session cookie.
    """
    site = "/".join(settings.SITE_URL.split("/")[:3])
    if settings.LIVE_STREAM_URL and request.headers.get("Origin") == site:
        response["Access-Control-Allow-Origin"] = site
        response["Access-Control-Allow-Credentials"] = "true"
        response["Vary"] = "Origin"


@require_GET
async def stream(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """``/live/stream``: the signed-in person's stream.

    Not signed in: 204, which tells EventSource to stop reconnecting.
    """
    if "wsgi.input" in request.META:
        # Under WSGI (see open_stream): answered before the session is read,
        # so no thread of this request touches the database.
        return HttpResponse(status=204)
    user = await request.auser()
    if not user.is_authenticated or not user.is_active:
        gone = HttpResponse(status=204)
        allow_site_origin(request, gone)
        return gone
    return await open_stream(request, user.pk)


@login_required
@require_GET
def feed_news(request: AuthedRequest) -> HttpResponse:
    """``/live/feed-news?after=<id>``: the "3 new posts" link for the home page.

    Counted with the home feed's own read (newer than the newest post the
    page shows, the reader's own posts left out), so the link promises
    exactly what a reload shows.
    """
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    feed_filter = request.GET.get("filter", "all")
    if feed_filter not in FEED_FILTERS:
        feed_filter = "all"
    page = get_feed_page(request.user, feed_filter=feed_filter, limit=100)
    count = sum(
        1
        for row in page.entries
        if row["post_id"] > after and row["post__author_id"] != request.user.pk
    )
    url = reverse("feed:home")
    if feed_filter != "all":
        url += f"?filter={feed_filter}"
    return render(request, "live/_news.html", {"count": count, "url": url})


@login_required
@require_GET
def group_news(request: AuthedRequest, slug: str) -> HttpResponse:
    """``/live/groups/<slug>/news?after=<id>``: the "3 new posts" link on a
    group's page, counted with the page's own read of the group's posts.

    A group the reader may not read answers an empty link, as one with no
    news does: the answer never says whether the group exists.
    """
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    count = 0
    url = ""
    try:
        group = access_group(request.user, slug=slug)
    except NotFound:
        group = None
    if group is not None and can_view_group_content(request.user, group):
        newer, _cursor = list_group_post_ids(request.user, group, limit=100)
        fresh = [pk for pk in newer if pk > after]
        if fresh:
            count = (
                Post.objects.filter(pk__in=fresh)
                .exclude(author_id=request.user.pk)
                .count()
            )
        url = reverse("groups:detail", args=[group.slug])
    return render(request, "live/_news.html", {"count": count, "url": url})
