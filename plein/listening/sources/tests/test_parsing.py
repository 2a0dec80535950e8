"""Parsing feeds in the bounded child: real Dutch feeds become plain items
in Dutch; hostile feeds cost their own error, never the worker, each within
a bound; the parent trusts nothing the child says."""

import time
from datetime import UTC, datetime

from plein.listening.sources.parsing import (
    ParseJob,
    build_parsed,
    parse_feed,
    parse_feeds,
)
from plein.listening.sources.tests import feedserver as fs

SMALL = fs.rss(("Klein", "https://klein.example/1"))


def _job(body: bytes, url: str = "https://feeds.example/feed") -> ParseJob:
    return ParseJob(body=body, url=url)


def test_the_nos_feed_becomes_dutch_plain_text_items(nos_feed):
    parsed = parse_feed(_job(nos_feed, "https://feeds.nos.nl/nosnieuwsalgemeen"))
    assert parsed.error == ""
    assert parsed.title == "NOS Nieuws" and parsed.language == "nl"
    assert len(parsed.items) == 3
    first = parsed.items[0]
    assert first.url == "https://nos.nl/l/2633258"
    assert first.title == (
        "Kabinet is bereid om kleinere spaarders en beleggers toch te ontzien"
    )
    assert first.language == "nl"
    assert first.published_at == datetime(2026, 10, 1, 10, 52, 42, tzinfo=UTC)
    # The article's HTML is plain text now, capped with an ellipsis.
    assert first.excerpt.startswith("Het minderheidskabinet is bereid")
    assert "<p>" not in first.excerpt and "Financiën" in first.excerpt
    assert len(first.excerpt) <= 1000 and first.excerpt.endswith("…")


def test_the_tweakers_feed_takes_its_language_from_nl_nl(tweakers_feed):
    parsed = parse_feed(_job(tweakers_feed, "https://tweakers.net/feeds/mixed.xml"))
    assert [item.language for item in parsed.items] == ["nl", "nl", "nl"]
    assert parsed.items[2].title == (
        "Framework vraagt 7659 euro voor Desktop met 192GB ram en zonder ssd"
    )


def test_html_is_stripped_and_scripts_dropped():
    body = (
        b'<rss version="2.0"><channel><title>t</title><item>'
        b"<title>Goed &amp; wel</title><link>https://a.example/1</link>"
        b"<description>&lt;p&gt;Eerste&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        b"&lt;p&gt;tweede &amp;amp; derde&lt;/p&gt;</description></item></channel></rss>"
    )
    [item] = parse_feed(_job(body)).items
    assert item.title == "Goed & wel"
    assert item.excerpt == "Eerste tweede & derde"


def test_items_are_capped_per_poll():
    body = fs.rss(*((f"t{n}", f"https://many.example/{n}") for n in range(300)))
    parsed = parse_feeds([_job(body)], max_items=200)[0]
    assert len(parsed.items) == 200


def test_billion_laughs_expands_nothing():
    started = time.monotonic()
    parsed = parse_feed(_job(fs.BILLION_LAUGHS))
    assert time.monotonic() - started < 5
    assert all(len(item.title) < 100 for item in parsed.items)
    assert "lollollol" not in parsed.title


def test_an_external_entity_reads_no_file():
    parsed = parse_feed(_job(fs.EXTERNAL_ENTITY))
    assert all("root:" not in item.title for item in parsed.items)


def test_deeply_nested_garbage_is_read_within_its_bound():
    started = time.monotonic()
    parsed = parse_feeds([_job(fs.deeply_nested())], seconds=5)[0]
    assert time.monotonic() - started < 6
    assert parsed.items == []


def test_lying_and_unknown_encodings_are_read_as_well_as_they_can_be():
    bad_utf8, unknown = parse_feeds([_job(fs.BAD_UTF8), _job(fs.UNKNOWN_ENCODING)])
    # feedparser falls back to another encoding: the item is there, its
    # text readable, nothing crashed.
    [item] = bad_utf8.items
    assert item.url == "https://encoding.example/1"
    assert item.title.startswith("Ge") and "klant" in item.title
    [item] = unknown.items
    assert item.url == "https://encoding.example/2"


def test_an_html_page_and_an_empty_answer_are_errors():
    html, empty, blank = parse_feeds([_job(fs.HTML_PAGE), _job(b""), _job(b"  \n\t ")])
    assert html.error == "not_a_feed"
    assert (empty.error, blank.error) == ("empty", "empty")


def test_a_feed_that_eats_memory_kills_only_its_own_reader():
    hog = (
        b'<rss version="2.0"><channel><item><title>x</title>'
        b"<link>https://hog.example/</link><description>"
        + b"A" * (4 * 1024 * 1024)
        + b"</description></item></channel></rss>"
    )
    before, eaten, after = parse_feeds(
        [_job(SMALL), _job(hog), _job(SMALL)], memory_bytes=50 * 1024 * 1024
    )
    assert before.error == "" and len(before.items) == 1
    assert eaten.error == "parse_crashed"
    assert after.error == "" and len(after.items) == 1


def test_a_feed_that_takes_too_long_is_killed_and_the_next_one_read():
    slow = (
        b'<rss version="2.0"><channel><item><title>x</title>'
        b"<link>https://slow.example/</link><description>"
        + b"&lt;b&gt;A" * (400 * 1024)
        + b"</description></item></channel></rss>"
    )
    started = time.monotonic()
    timed_out, after = parse_feeds([_job(slow), _job(SMALL)], seconds=0.5)
    assert time.monotonic() - started < 3
    assert timed_out.error == "parse_timeout"
    assert after.error == "" and len(after.items) == 1


def test_the_parent_checks_what_the_child_answers():
    parsed = build_parsed(
        {
            "items": [
                "not an item",
                {
                    "url": "https://ok.example/1",
                    "title": "  a \n b ",
                    "language": "EN-gb",
                },
                {"url": "https://ok.example/" + "x" * 3000},
                {"url": 42},
                {
                    "url": "https://ok.example/2",
                    "title": "t" * 5000,
                    "published": 4102444800,  # 2100: from the future
                    "language": "de",
                },
                {"url": "https://ok.example/3", "published": True},
            ],
            "title": ["not", "text"],
        }
    )
    assert [item.url for item in parsed.items] == [
        "https://ok.example/1",
        "https://ok.example/2",
        "https://ok.example/3",
    ]
    first, second, third = parsed.items
    assert (first.title, first.language) == ("a b", "en")
    assert len(second.title) == 300 and second.language == ""
    assert second.published_at is None and third.published_at is None
    assert parsed.title == ""
    assert build_parsed({"error": "not_a_feed"}).error == "not_a_feed"


def test_language_comes_from_the_item_the_feed_or_the_server():
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl"><title>t</title>'
        b'<entry xml:lang="en"><title>Hello</title><link href="https://a.example/1"/>'
        b'</entry><entry><title>Hallo</title><link href="https://a.example/2"/>'
        b"</entry></feed>"
    )
    untagged = (
        b'<rss version="2.0"><channel><title>t</title><item><title>x</title>'
        b"<link>https://b.example/1</link></item></channel></rss>"
    )
    by_item, by_server = parse_feeds(
        [
            _job(atom),
            ParseJob(body=untagged, url="https://b.example/", content_language="en-GB"),
        ]
    )
    assert [(i.url, i.language) for i in by_item.items] == [
        ("https://a.example/1", "en"),
        ("https://a.example/2", "nl"),
    ]
    assert [i.language for i in by_server.items] == ["en"]
