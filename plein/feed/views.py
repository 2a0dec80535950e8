"""The home feed: composer, filters, cards, unread marker and "load more"."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from plein.feed.actions import do_mark_read
from plein.feed.queries import FEED_FILTERS, get_feed_page
from plein.feed.reading import do_record_feed_opened
from plein.groups.queries import list_my_groups, list_suggested_groups
from plein.people.http import AuthedRequest
from plein.posts.forms import CursorForm
from plein.posts.queries import (
    get_post_cards,
    list_suggested_people,
    list_trending_hashtags,
)
from plein.posts.views import build_composer


@login_required
@require_GET
@vary_on_headers("HX-Request")
def feed_home(request: AuthedRequest) -> HttpResponse:
    """The newest posts for the person, 30 at a time.

    Posts still unread when page 1 is shown get a "new" marker, and are
    marked read once the page has been rendered.
    """
    feed_filter = request.GET.get("filter", "all")
    if feed_filter not in FEED_FILTERS:
        feed_filter = "all"
    cursor = CursorForm(request.GET)
    before = cursor.cleaned_data["before"] if cursor.is_valid() else None
    # The same read as the API's; the cards then fetch what a card shows.
    page = get_feed_page(request.user, before=before, feed_filter=feed_filter)
    next_cursor = page.next_cursor
    unread = {row["post_id"] for row in page.entries if not row["is_read"]}
    posts = get_post_cards(request.user, [row["post_id"] for row in page.entries])
    seen_unread = False
    for post in posts:
        post.is_unread = post.pk in unread
        # A divider between what is new and what was already seen.
        post.starts_read = seen_unread and not post.is_unread
        seen_unread = seen_unread or post.is_unread
    more_url = (
        reverse("feed:home") + f"?filter={feed_filter}&before={next_cursor}"
        if next_cursor
        else ""
    )
    context: dict[str, Any] = {
        "posts": posts,
        "next_cursor": next_cursor,
        "more_url": more_url,
        "feed_filter": feed_filter,
    }
    if request.htmx and before is not None:
        response = render(request, "feed/home.html#page", context)
    else:
        my_groups = list_my_groups(request.user)
        context.update(
            composer=build_composer(request.user, my_groups=my_groups),
            my_groups=my_groups,
            trending=list_trending_hashtags(request.user),
            filters=[
                ("all", reverse("feed:home"), _label("all")),
                ("groups", reverse("feed:home") + "?filter=groups", _label("groups")),
                ("people", reverse("feed:home") + "?filter=people", _label("people")),
                (
                    "bookmarks",
                    reverse("feed:home") + "?filter=bookmarks",
                    _label("bookmarks"),
                ),
            ],
        )
        if not posts and before is None and feed_filter == "all":
            context.update(
                suggested_groups=list_suggested_groups(request.user),
                suggested_people=list_suggested_people(request.user),
            )
        response = render(request, "feed/home.html", context)
    if before is None and unread:
        with transaction.atomic(durable=True):
            do_mark_read(request.user.pk, sorted(unread))
    do_record_feed_opened(request.user)
    return response


def _label(feed_filter: str) -> str:
    labels = {
        "all": pgettext("feed filter", "Everything"),
        "groups": pgettext("feed filter", "Groups"),
        "people": pgettext("feed filter", "People"),
        "bookmarks": pgettext("feed filter", "Saved"),
    }
    return labels[feed_filter]
