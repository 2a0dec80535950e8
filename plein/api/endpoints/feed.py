"""The home feed: the API's hot path.

Two queries (memberships and the feed page) after the token lookup; rows come
back as plain dicts and are written out as JSON directly, without model
instances or a second validation pass.
"""

from django.http import JsonResponse
from ninja import Query, Router

from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, FeedFilter, FeedOut
from plein.api.serializers import build_feed_item
from plein.feed.queries import get_feed_page
from plein.feed.reading import do_record_feed_opened

router = Router(tags=["feed"])


@router.get("", response=FeedOut, summary="The caller's home feed, newest first")
def feed_list(
    request: ApiRequest,
    filter: FeedFilter = "all",
    before: int | None = Query(
        None, ge=1, le=MAX_ID, description="next_cursor of the previous page"
    ),
    limit: int = Query(30, ge=1, le=100),
) -> JsonResponse:
    page = get_feed_page(request.auth, before=before, feed_filter=filter, limit=limit)
    response = JsonResponse(
        {
            "items": [build_feed_item(row) for row in page.entries],
            "next_cursor": page.next_cursor,
        }
    )
    # Reading the feed in an app counts as reading Plein today (insights);
    # after the first time a day it costs no query.
    do_record_feed_opened(request.auth)
    return response
