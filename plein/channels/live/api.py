"""``GET /api/v1/stream``: the live stream for a Bearer token."""

from django.http import HttpResponse, StreamingHttpResponse
from ninja import Router

from plein.api.http import ApiRequest
from plein.channels.live.views import open_stream

router = Router(tags=["live"])


@router.get(
    "/stream",
    summary="The live stream (Server-Sent Events)",
    description=(
        "A `text/event-stream` of what changes for the token's person: "
        "`post.created`, `comment.created`, `reactions.changed`, "
        "`notification.created`, `receipts.changed`, `moderation.changed`, "
        "`triage.changed` (communications), "
        "each with ids only (`post_id`, `comment_id`, `actor_id`) and only "
        "for what the person may see at the moment it is sent. Resume after "
        "a dropped connection with the `Last-Event-ID` header; an event "
        "`reload` means too much was missed: load afresh."
    ),
    response={200: None, 429: None},
)
async def stream(request: ApiRequest) -> HttpResponse | StreamingHttpResponse:
    return await open_stream(request, request.auth.pk)
