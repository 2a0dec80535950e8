"""Looking up what a page says about itself, for a link sent in without a title.

A colleague's link (the form, the share page, the API, a mail) often comes
with nothing but its address. Its page's title and description are fetched
after commit through the SSRF guard of ``plein.posts.previews`` (http(s)
only, public addresses only unless LISTENING_ALLOW_PRIVATE_HOSTS, every
redirect checked again, a time-out and at most 256 KB read), the same guard
the feeds go through.
"""

import logging

from django.conf import settings

from plein.core.tasks import retrying_task
from plein.listening.mentions.actions import do_describe_mention
from plein.listening.mentions.models import Mention
from plein.listening.sources.fetching import build_fetcher
from plein.posts.previews import fetch_title

logger = logging.getLogger(__name__)


@retrying_task
def fetch_mention_page(*, mention_id: int) -> bool:
    """Fill in a mention's empty title (and excerpt) from its page.

    Idempotent: a mention that has a title by now, or is gone, is left
    alone and nothing is fetched. A page that cannot be reached (OSError) is
    tried again with the task's back-off, up to TASK_MAX_ATTEMPTS; a page
    that is refused (not public), not HTML or says nothing is final.
    Answers whether the mention changed.
    """
    if not settings.LINK_PREVIEWS:
        return False
    row = (
        Mention.objects.filter(pk=mention_id)
        .values_list("url", "title", "excerpt")
        .first()
    )
    if row is None or row[1]:
        return False
    url = row[0]
    try:
        title, description = fetch_title(url, fetcher=build_fetcher())
    except ValueError as exc:  # a broken answer: trying again will not help
        logger.info("page of mention %s unreadable: %s", mention_id, exc)
        return False
    if not title and not description:
        return False
    return do_describe_mention(mention_id, title=title, excerpt=description)
