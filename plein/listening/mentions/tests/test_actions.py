"""Intake: the same link is one mention however often and from however many
sources it comes, with one sighting per source."""

from datetime import UTC, datetime

import pytest

from plein.core.events import capture_events
from plein.listening.mentions.actions import FeedItem, build_language, do_take_in, fold
from plein.listening.mentions.models import Mention, MentionSighting
from plein.listening.sources.actions import do_add_source

pytestmark = pytest.mark.django_db

ITEMS = [
    FeedItem(
        url="https://nieuws.example/zuiderhaven?utm_campaign=rss",
        title="Zuiderhaven opent een kantoor in Gent",
        excerpt="De adviesgroep groeit.",
        published_at=datetime(2026, 10, 1, 10, 0, tzinfo=UTC),
        language="nl-NL",
    ),
    FeedItem(
        url="https://blog.example/review",
        title="A review of Zuiderhaven",
        published_at=datetime(2026, 10, 2, 9, 0, tzinfo=UTC),
        language="en",
    ),
]


@pytest.fixture
def sources():
    return (
        do_add_source(None, name="Nieuws", url="https://nieuws.example/feed"),
        do_add_source(None, name="Blog", url="https://blog.example/feed"),
    )


def test_items_become_mentions_once(sources):
    first, _second = sources
    assert do_take_in(first, ITEMS) == 2
    assert do_take_in(first, ITEMS) == 0
    assert Mention.objects.count() == 2
    assert MentionSighting.objects.count() == 2
    # Newest publication first.
    review, news = Mention.objects.all()
    assert review.title == "A review of Zuiderhaven" and review.language == "en"
    assert news.canonical_url == "https://nieuws.example/zuiderhaven"
    assert news.url == "https://nieuws.example/zuiderhaven?utm_campaign=rss"
    assert (news.language, news.source) == ("nl", first)


def test_a_second_source_adds_a_sighting_not_a_mention(sources):
    first, second = sources
    do_take_in(first, ITEMS[:1])
    same_page = FeedItem(
        url="https://NIEUWS.example/zuiderhaven/#reacties", title="Anders getiteld"
    )
    assert do_take_in(second, [same_page]) == 0
    mention = Mention.objects.get()
    # The first source's title and source stay.
    assert mention.title == "Zuiderhaven opent een kantoor in Gent"
    assert mention.source == first
    assert sorted(mention.sightings.values_list("source__name", flat=True)) == [
        "Blog",
        "Nieuws",
    ]


def test_duplicates_within_a_batch_and_bad_links_are_skipped(sources):
    first, _second = sources
    items = [
        ITEMS[0],
        FeedItem(url="https://nieuws.example/zuiderhaven", title="Dubbel"),
        FeedItem(url="javascript:alert(1)", title="Geen pagina"),
        FeedItem(url="ftp://files.example/x"),
    ]
    assert do_take_in(first, items) == 1
    assert Mention.objects.get().title == "Zuiderhaven opent een kantoor in Gent"
    assert do_take_in(first, []) == 0


def test_new_mentions_are_announced_with_their_ids(
    sources, django_capture_on_commit_callbacks
):
    first, _second = sources
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        do_take_in(first, ITEMS)
        do_take_in(first, ITEMS)
    [event] = [e for e in events if e.name == "mentions.mention.found"]
    assert event.payload == {
        "source_id": first.pk,
        "mention_ids": sorted(Mention.objects.values_list("pk", flat=True)),
    }


def test_text_is_folded_and_capped():
    assert fold("  een \n\t twee\x00 ", 100) == "een twee"
    capped = fold("woord " * 100, 50)
    assert len(capped) <= 50 and capped.endswith("woord…")
    assert [build_language(t) for t in ("nl-BE", "EN_us", "de", "", None)] == [
        "nl",
        "en",
        "",
        "",
        "",
    ]
