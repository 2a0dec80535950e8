"""Link previews: the title of a page a post links to.

The fetching, and the guard that keeps it out of the internal network, is
in ``plein.posts.previews``.
"""

import logging

from django.utils import timezone

from plein.core.tasks import retrying_task
from plein.posts.previews import fetch_title

logger = logging.getLogger(__name__)


@retrying_task
def fetch_link_previews(*, post_id: int, urls: list[str]) -> int:
    """Attach titles of linked pages to a post; each URL is fetched once a day at most."""
    from plein.posts.models import LinkPreview, Post

    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return 0
    done = 0
    for url in urls[:3]:
        preview, _created = LinkPreview.objects.get_or_create(url=url[:2000])
        fresh = preview.fetched_at and (timezone.now() - preview.fetched_at).days < 1
        if not fresh:
            try:
                title, description = fetch_title(url)
            except (OSError, ValueError) as exc:
                logger.info("link preview for %s failed: %s", url, exc)
                title, description = "", ""
            preview.title, preview.description = title, description
            preview.is_ok, preview.fetched_at = bool(title), timezone.now()
            preview.save(update_fields=["title", "description", "is_ok", "fetched_at"])
        preview.posts.add(post)
        done += 1
    return done
