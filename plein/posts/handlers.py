"""The posts app's own follow-up work: previews of the pages a post links to."""

from django.conf import settings

from plein.core.events import Event, on
from plein.core.tasks import enqueue_on_commit
from plein.posts.tasks import fetch_link_previews


@on("posts.post.created", "posts.post.released")
def preview_links(event: Event) -> None:
    post = event.context["post"]
    links = event.context.get("links") or []
    if links and settings.LINK_PREVIEWS and post.withheld_at is None:
        enqueue_on_commit(fetch_link_previews, post_id=post.pk, urls=links[:3])
