"""Taking mentions in: every source hands its items to ``do_take_in``.

A feed poll, an alert mail and a colleague's link all describe what they
found as ``FeedItem`` rows. Intake is idempotent: an item is one mention
however often and from however many sources it comes (the canonical URL is
unique), and each source that saw it has one sighting.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from plein.core.events import emit_on_commit
from plein.listening.mentions.models import (
    EXCERPT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    Mention,
    MentionSighting,
)
from plein.listening.mentions.urls_canonical import NotCanonical, canonical_url
from plein.listening.sources.models import Source

# Rows per query when looking up or writing a large batch.
CHUNK = 500
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class FeedItem:
    """One thing a source found: a link, and what it says about it."""

    url: str
    title: str = ""
    excerpt: str = ""
    published_at: datetime | None = None
    language: str = ""


def build_language(value: str | None) -> str:
    """The language of a tag ("nl-NL", "en_GB", "EN") as "nl", "en" or ""."""
    prefix = (value or "").strip().lower().replace("_", "-").split("-")[0]
    return prefix if prefix in ("nl", "en") else ""


def fold(text: str | None, limit: int) -> str:
    """``text`` on one line, whitespace folded, at most ``limit`` characters."""
    folded = " ".join((text or "").replace("\x00", "").split())
    if len(folded) <= limit:
        return folded
    cut = folded[: limit - 1]
    # End at a word where there is one near the end.
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut + "…"


def _build_mention(key: str, item: FeedItem, source: Source, now: datetime) -> Mention:
    url = item.url.strip()
    return Mention(
        canonical_url=key,
        url=url if len(url) <= URL_MAX_LENGTH else key,
        title=fold(item.title, TITLE_MAX_LENGTH),
        excerpt=fold(item.excerpt, EXCERPT_MAX_LENGTH),
        language=build_language(item.language),
        published_at=item.published_at,
        found_at=now,
        source=source,
    )


def _create_mentions(new: list[Mention]) -> list[int]:
    """Write the new mentions; the ids of those this call created.

    Another worker taking in the same link at the same moment makes the
    batch insert fail on the unique URL: then each row is written on its
    own, and the ones that now exist count as found by the other source.
    """
    try:
        with transaction.atomic():
            return [m.pk for m in Mention.objects.bulk_create(new)]
    except IntegrityError:
        created: list[int] = []
        for mention in new:
            with transaction.atomic():
                row, was_created = Mention.objects.get_or_create(
                    canonical_url=mention.canonical_url,
                    defaults={
                        "url": mention.url,
                        "title": mention.title,
                        "excerpt": mention.excerpt,
                        "language": mention.language,
                        "published_at": mention.published_at,
                        "found_at": mention.found_at,
                        "source": mention.source,
                    },
                )
            if was_created:
                created.append(row.pk)
        return created


def do_take_in(
    source: Source, items: Iterable[FeedItem], *, now: datetime | None = None
) -> int:
    """Record what ``source`` found; return how many mentions are new.

    Items whose URL is not http(s) are skipped; the first of several items
    with the same canonical URL wins. A mention that exists already keeps
    its title and first source and gains a sighting by ``source`` (once).
    Emits ``mentions.mention.found`` with the new mentions' ids. Runs in
    the caller's transaction, or in its own when there is none.
    """
    now = now or timezone.now()
    batch: dict[str, FeedItem] = {}
    for item in items:
        try:
            key = canonical_url(item.url)
        except NotCanonical:
            continue
        batch.setdefault(key, item)
    if not batch:
        return 0
    keys = list(batch)
    with transaction.atomic():
        known: dict[str, int] = {}
        for start in range(0, len(keys), CHUNK):
            known.update(
                Mention.objects.filter(
                    canonical_url__in=keys[start : start + CHUNK]
                ).values_list("canonical_url", "pk")
            )
        new = [
            _build_mention(key, item, source, now)
            for key, item in batch.items()
            if key not in known
        ]
        # Oldest publication first, so that the newest gets the highest id
        # and lists ordered by id show it first.
        new.sort(key=lambda m: m.published_at or EARLIEST)
        created = _create_mentions(new) if new else []
        if len(known) + len(created) < len(keys):
            # Some were created by another worker in the meantime.
            missing = [key for key in keys if key not in known]
            known.update(
                Mention.objects.filter(canonical_url__in=missing).values_list(
                    "canonical_url", "pk"
                )
            )
        mention_ids = {*known.values(), *created}
        MentionSighting.objects.bulk_create(
            [
                MentionSighting(mention_id=pk, source=source, seen_at=now)
                for pk in sorted(mention_ids)
            ],
            ignore_conflicts=True,
            batch_size=CHUNK,
        )
        if created:
            emit_on_commit(
                "mentions.mention.found",
                {"source_id": source.pk, "mention_ids": sorted(created)},
            )
    return len(created)
