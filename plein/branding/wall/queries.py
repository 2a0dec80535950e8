"""Reads for the public wall, the post page's wall box and the review queue.

What the wall shows comes from ``plein.access.wall`` (checked live on every
read); this module turns it into what the pages need: the post's text with
nothing that leads back into Plein, its images, the share box.
"""

import html
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

import nh3
from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import pgettext

from plein.access.wall import (
    can_offer_to_wall,
    can_review_wall,
    can_share_wall_item,
    is_on_wall,
    is_wall_enabled,
    public_wall_items,
    review_queue_filter,
)
from plein.branding.wall.models import WallItem, WallSettings
from plein.core.public import organisation_name
from plein.core.public import public_html as build_public_html
from plein.core.uploads import IMAGE_TYPES
from plein.posts.models import Attachment, Post

# How many items the wall and the embed show (newest first).
WALL_PAGE_SIZE = 50
EMBED_PAGE_SIZE = 10
# Pages go back this far (50,000 posts at 50 a page); a higher ?page= is 404.
MAX_PAGE_NUMBER = 1000
SHARE_TEXT_LENGTH = 200


def get_settings() -> WallSettings:
    return WallSettings.objects.filter(pk=1).first() or WallSettings()


def public_html(post: Post) -> str:
    """The post's text for outside: structure and outside links, nothing of Plein."""
    return build_public_html(post.body_html, outside_links=True)


def plain_text(post: Post) -> str:
    """The post's text without markup (for the share text)."""
    text = html.unescape(nh3.clean(post.body_html, tags=set()))
    return " ".join(text.split())


_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def first_sentence(post: Post) -> str:
    """The title of an article, else the first sentence, at most 200 characters."""
    text = post.title or _SENTENCE_END.split(plain_text(post), maxsplit=1)[0]
    if len(text) > SHARE_TEXT_LENGTH:
        text = text[: SHARE_TEXT_LENGTH - 1].rstrip() + "…"
    return text


def public_path(post_id: int) -> str:
    return reverse("wall:item", args=[post_id])


def public_url(post_id: int) -> str:
    return settings.SITE_URL + public_path(post_id)


@dataclass
class WallEntry:
    """One post as the wall shows it: no ids of people, no links into Plein."""

    post_id: int
    title: str
    html: str
    language: str
    author_name: str
    created_at: Any
    url: str
    image_urls: list[str] = field(default_factory=list)


def _images_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "post__attachments",
        queryset=Attachment.objects.filter(
            is_image=True, content_type__in=sorted(IMAGE_TYPES)
        ).order_by("pk"),
        to_attr="wall_images",
    )


def build_entry(item: WallItem) -> WallEntry:
    post = item.post
    images = getattr(post, "wall_images", None)
    if images is None:
        images = list(
            post.attachments.filter(
                is_image=True, content_type__in=sorted(IMAGE_TYPES)
            ).order_by("pk")
        )
    return WallEntry(
        post_id=post.pk,
        title=post.title,
        html=public_html(post),
        language=post.language,
        author_name=post.author.full_name,
        created_at=post.created_at,
        url=public_path(post.pk),
        image_urls=[
            reverse("wall:image", args=[post.pk, image.pk]) for image in images
        ],
    )


def list_wall_entries(limit: int = WALL_PAGE_SIZE) -> list[WallEntry]:
    """The newest posts on the wall (the caller checks the switch)."""
    return get_wall_page(1, size=limit).entries


@dataclass
class WallPage:
    """One page of the wall, newest first: page 1 is the newest ``size``."""

    entries: list[WallEntry]
    number: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.number > 1

    @property
    def older_number(self) -> int:
        return self.number + 1

    @property
    def newer_number(self) -> int:
        # Past the end (posts left the wall meanwhile): back to the newest.
        return self.number - 1 if self.entries else 1


def parse_page_number(raw: str | None) -> int | None:
    """``?page=`` as a page number (none: 1); None when it is not one."""
    if raw is None or raw == "":
        return 1
    if not raw.isascii() or not raw.isdigit() or len(raw) > 5:
        return None
    number = int(raw)
    return number if 1 <= number <= MAX_PAGE_NUMBER else None


def get_wall_page(number: int = 1, *, size: int = WALL_PAGE_SIZE) -> WallPage:
    """Page ``number`` of the wall (the caller checks the switch).

    The same queries whatever the page and however many posts: the items
    with their authors, and their images; one row more than shown tells
    whether older ones exist, so nothing is counted.
    """
    start = (number - 1) * size
    items = list(
        public_wall_items().prefetch_related(_images_prefetch())[
            start : start + size + 1
        ]
    )
    return WallPage(
        entries=[build_entry(item) for item in items[:size]],
        number=number,
        has_older=len(items) > size,
    )


# The post page's box -----------------------------------------------------------------


@dataclass
class ShareBox:
    url: str
    text: str
    linkedin_url: str
    mailto_url: str


def build_share_box(post: Post) -> ShareBox:
    """The prepared text and links for sharing an approved post outside."""
    url = public_url(post.pk)
    text = pgettext(
        "wall share",
        "%(sentence)s Read more from the people of %(organisation)s: %(url)s",
    ) % {
        "sentence": first_sentence(post),
        "organisation": organisation_name(),
        "url": url,
    }
    subject = pgettext("wall share", "From the people of %(organisation)s") % {
        "organisation": organisation_name()
    }
    return ShareBox(
        url=url,
        text=text,
        linkedin_url="https://www.linkedin.com/sharing/share-offsite/?"
        + urlencode({"url": url}),
        mailto_url=f"mailto:?subject={quote(subject)}&body={quote(text)}",
    )


@dataclass
class PostWallState:
    """What the post page shows about the wall, for its reader."""

    post: Post
    item: WallItem | None
    is_author: bool
    can_offer: bool
    share: ShareBox | None
    is_on_wall: bool = False  # approved and still allowed out (the switch aside)
    is_enabled: bool = False  # the site-wide switch
    guidelines: Any = None  # the current social-media guidelines, if any

    @property
    def is_offered(self) -> bool:
        return self.item is not None and self.item.status in (
            WallItem.Status.OFFERED,
            WallItem.Status.APPROVED,
        )


def _current_guidelines() -> Any:
    from plein.governance.guidelines.queries import current_version

    return current_version()


def get_post_wall_state(user: Any, post: Post) -> PostWallState | None:
    """The wall box for ``user`` on ``post``'s page, or None to show nothing.

    The author sees the offer button (for an eligible post, or one already
    offered, to withdraw it) and what became of the offer; colleagues who
    read the post see the share box once it is on a switched-on wall.
    """
    item = WallItem.objects.filter(pk=post.pk).first()
    is_author = post.author_id == getattr(user, "pk", None)
    can_offer = is_author and can_offer_to_wall(user, post)
    share = None
    if item is not None and item.is_approved and can_share_wall_item(user, post):
        share = build_share_box(post)
    if not can_offer and share is None and not (is_author and item is not None):
        return None
    on_wall = item is not None and item.is_approved and is_on_wall(post)
    return PostWallState(
        post=post,
        item=item,
        is_author=is_author,
        can_offer=can_offer,
        share=share,
        is_on_wall=on_wall,
        is_enabled=is_wall_enabled() if is_author else share is not None,
        guidelines=_current_guidelines() if share is not None else None,
    )


# The review queue --------------------------------------------------------------------


def list_review_queue(user: Any) -> QuerySet[WallItem]:
    """Offers waiting for ``user`` (communications), oldest first."""
    return (
        WallItem.objects.filter(review_queue_filter(user))
        .select_related("post", "post__author", "post__group")
        .prefetch_related(_images_prefetch())
        .order_by("offered_at", "pk")
    )


def list_on_wall(user: Any, limit: int = WALL_PAGE_SIZE) -> list[WallEntry]:
    """What the wall shows now, for the review page (switch on or off)."""
    if not can_review_wall(user):
        return []
    return [
        build_entry(item)
        for item in public_wall_items().prefetch_related(_images_prefetch())[:limit]
    ]
