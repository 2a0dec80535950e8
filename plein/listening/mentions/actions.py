"""Taking mentions in: every source hands its items to ``do_take_in``.

A feed poll, an alert mail and a colleague's link all describe what they
found as ``FeedItem`` rows. Intake is idempotent: an item is one mention
however often and from however many sources it comes (the canonical URL is
unique), and each source that saw it has one sighting.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.listening import can_submit_mention, can_use_listening
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.listening.mentions.alertmail import unwrap_url
from plein.listening.mentions.models import (
    EXCERPT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    URL_MAX_LENGTH,
    Mention,
    MentionSighting,
    MentionSubmission,
    Sentiment,
)
from plein.listening.mentions.sentiment import guess_language, score
from plein.listening.mentions.urls_canonical import NotCanonical, canonical_url
from plein.listening.sources.actions import (
    clean_web_address,
    do_get_colleagues_source,
    do_record_intake,
)
from plein.listening.sources.models import Source
from plein.people.models import User

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
    title = fold(item.title, TITLE_MAX_LENGTH)
    excerpt = fold(item.excerpt, EXCERPT_MAX_LENGTH)
    language = build_language(item.language)
    found = score(f"{title}. {excerpt}" if excerpt else title, language)
    return Mention(
        canonical_url=key,
        url=url if len(url) <= URL_MAX_LENGTH else key,
        title=title,
        excerpt=excerpt,
        language=language,
        published_at=item.published_at,
        found_at=now,
        source=source,
        sentiment=found.label,
        sentiment_computed=found.label,
        sentiment_score=round(found.score, 4),
        sentiment_words=", ".join(found.words)[:300],
    )


SENTIMENT_FIELDS = (
    "sentiment",
    "sentiment_computed",
    "sentiment_score",
    "sentiment_words",
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
                        **{f: getattr(mention, f) for f in SENTIMENT_FIELDS},
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


def check_correct_sentiment(actor: User, mention: Mention, label: str) -> Mention:
    """Communications correct a mention's sentiment; the correction is kept.

    ``label`` is positive, neutral or negative; choosing what was computed
    takes the correction back. InvalidInput names "sentiment".
    """
    if not can_use_listening(actor):
        raise Forbidden()
    if label not in Sentiment.values:
        raise InvalidInput(
            _("Choose positive, neutral or negative."), field="sentiment"
        )
    return do_correct_sentiment(actor, mention, label)


def do_correct_sentiment(actor: User, mention: Mention, label: str) -> Mention:
    """Write the correction (or take it back). Emits ``mentions.sentiment.corrected``."""
    if label == mention.sentiment_computed:
        mention.sentiment_corrected_by = None
        mention.sentiment_corrected_at = None
    else:
        mention.sentiment_corrected_by = actor
        mention.sentiment_corrected_at = timezone.now()
    mention.sentiment = label
    mention.save(
        update_fields=["sentiment", "sentiment_corrected_by", "sentiment_corrected_at"]
    )
    emit_on_commit(
        "mentions.sentiment.corrected",
        {"mention_id": mention.pk, "sentiment": label},
        actor_id=actor.pk,
    )
    return mention


# Links colleagues send in ------------------------------------------------------

NOTE_MAX_LENGTH = 500


def _clean_submitted_url(url: str | None) -> str:
    url = clean_web_address(url, missing=_("Give the link's address."))
    # A link copied from a mail may still be wrapped (Safe Links, Google).
    url = unwrap_url(url)
    try:
        canonical_url(url)
    except NotCanonical:
        raise InvalidInput(
            _("Enter a valid http:// or https:// address."), field="url"
        ) from None
    return url


def _clean_note(note: str | None) -> str:
    note = " ".join((note or "").replace("\x00", "").split())
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            _("A note has at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH},
            field="note",
        )
    return note


def check_submit_link(
    actor: User,
    *,
    url: str | None,
    note: str | None,
    via: str,
    title: str | None = None,
) -> Mention:
    """A colleague sends in one link (the submit page, the share page, the
    bookmarklet or the API).

    Every active colleague may (``can_submit_mention``); anyone else gets
    NotFound. The link becomes a mention of the "Colleagues" source, or a
    sighting of the mention it already is, with who sent it and their
    note. ``title`` (the page's title, as the bookmarklet or the sharing
    app gave it) is the new mention's title; without one the page's own
    title is looked up later (``do_submit_links``). Raises InvalidInput
    naming ``url`` (no http(s) address, or communications turned the
    "Colleagues" source off) or ``note``. A title longer than a mention's
    is shortened, not refused: the person did not type it.
    """
    if not can_submit_mention(actor):
        raise NotFound()
    clean_url = _clean_submitted_url(url)
    clean_note = _clean_note(note)
    source = do_get_colleagues_source()
    if not source.is_active:
        raise InvalidInput(
            _("Communications is not taking in links at the moment."), field="url"
        )
    clean_title = fold(title, TITLE_MAX_LENGTH)
    item = FeedItem(
        url=clean_url,
        title=clean_title,
        language=guess_language(clean_title) if clean_title else "",
    )
    mentions, _new = do_submit_links(actor, source, [item], note=clean_note, via=via)
    return mentions[0]


def do_submit_links(
    person: User,
    source: Source,
    items: list[FeedItem],
    *,
    note: str = "",
    via: str,
) -> tuple[list[Mention], int]:
    """Take in the links ``person`` sent in; answer their mentions, and how
    many of those are new.

    Intake goes through ``do_take_in`` (deduplicated on the canonical URL);
    each mention records that ``person`` sent it, once per person (the
    first note stays). The source's health counts the links. Emits
    ``mentions.link.submitted`` with the mentions' ids. A mention without
    a title has its page's title and description looked up after commit
    (``tasks.fetch_mention_page``, through the SSRF guard), unless
    LINK_PREVIEWS is off. Runs in the caller's transaction.
    """
    now = timezone.now()
    new = do_take_in(source, items, now=now)
    keys: list[str] = []
    for item in items:
        try:
            key = canonical_url(item.url)
        except NotCanonical:
            continue
        if key not in keys:
            keys.append(key)
    by_key = Mention.objects.in_bulk(keys, field_name="canonical_url")
    mentions = [by_key[key] for key in keys if key in by_key]
    MentionSubmission.objects.bulk_create(
        [
            MentionSubmission(
                mention=mention, person=person, note=note, via=via, submitted_at=now
            )
            for mention in mentions
        ],
        ignore_conflicts=True,
    )
    do_record_intake(source, items=len(items), now=now)
    if mentions:
        emit_on_commit(
            "mentions.link.submitted",
            {"source_id": source.pk, "mention_ids": [m.pk for m in mentions]},
            actor_id=person.pk,
        )
    if settings.LINK_PREVIEWS:
        from plein.listening.mentions.tasks import fetch_mention_page

        untitled = [m.pk for m in mentions if not m.title]
        for mention_id in untitled[:MAX_PAGES_FETCHED]:
            enqueue_on_commit(fetch_mention_page, mention_id=mention_id)
    return mentions, new


# What a page says about itself -------------------------------------------------

# At most this many pages are looked up for one submission (a mail may
# carry many links; the rest keep their address as their title).
MAX_PAGES_FETCHED = 20


def is_sentiment_corrected(mention: Mention) -> bool:
    return (
        mention.sentiment_corrected_by_id is not None
        or mention.sentiment_corrected_at is not None
    )


def do_describe_mention(mention_id: int, *, title: str, excerpt: str) -> bool:
    """Fill in a mention's title and excerpt from its page, where still empty.

    What a person or a source gave is never overwritten. The language is
    guessed when unknown, and the sentiment scored again on the new text,
    unless a person corrected it (then only what was computed changes).
    Answers whether anything changed; emits ``mentions.mention.described``.
    Idempotent: a second run finds nothing empty to fill.
    """
    title = fold(title, TITLE_MAX_LENGTH)
    excerpt = fold(excerpt, EXCERPT_MAX_LENGTH)
    with transaction.atomic():
        mention = Mention.objects.select_for_update().filter(pk=mention_id).first()
        if mention is None:
            return False
        changed: list[str] = []
        if title and not mention.title:
            mention.title = title
            changed.append("title")
        if excerpt and not mention.excerpt:
            mention.excerpt = excerpt
            changed.append("excerpt")
        if not changed:
            return False
        text = (
            f"{mention.title}. {mention.excerpt}" if mention.excerpt else mention.title
        )
        if not mention.language:
            mention.language = guess_language(text)
            changed.append("language")
        found = score(text, mention.language)
        mention.sentiment_computed = found.label
        mention.sentiment_score = round(found.score, 4)
        mention.sentiment_words = ", ".join(found.words)[:300]
        changed += ["sentiment_computed", "sentiment_score", "sentiment_words"]
        if not is_sentiment_corrected(mention):
            mention.sentiment = found.label
            changed.append("sentiment")
        mention.save(update_fields=changed)
        emit_on_commit(
            "mentions.mention.described",
            {"mention_id": mention.pk, "fields": sorted(changed)},
        )
    return True
