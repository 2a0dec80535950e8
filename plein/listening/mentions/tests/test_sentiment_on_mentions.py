"""Each mention gets its sentiment at intake; communications correct it.

The computed label and its deciding words are kept next to the correction,
choosing the computed label again takes the correction back, and who
corrected is personal data (exported, forgotten on erasure).
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.mentions.models import Mention
from plein.listening.mentions.personal_data import (
    build_sentiment_corrections,
    erase_sentiment_corrections,
)
from plein.listening.sources.actions import do_add_source
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentions():
    source = do_add_source(None, name="Reviews", url="https://reviews.example/feed")
    do_take_in(
        source,
        [
            FeedItem(
                url="https://reviews.example/1",
                title="Slechtste werkgever ooit",
                excerpt="Ze zijn onbetrouwbaar en de sfeer is vreselijk.",
                language="nl",
            ),
            FeedItem(
                url="https://reviews.example/2",
                title="Great colleagues and a wonderful place to work",
                language="en",
            ),
            FeedItem(
                url="https://reviews.example/3",
                title="Zuiderhaven opent een kantoor in Gent",
                language="nl",
            ),
        ],
    )
    return {m.url.rsplit("/", 1)[1]: m for m in Mention.objects.all()}


def test_intake_scores_title_and_excerpt(mentions):
    negative, positive, neutral = mentions["1"], mentions["2"], mentions["3"]
    assert negative.sentiment == negative.sentiment_computed == "negative"
    assert (
        "slecht" in negative.sentiment_words or "vreselijk" in negative.sentiment_words
    )
    assert negative.sentiment_score < 0
    assert positive.sentiment == "positive" and positive.sentiment_score > 0
    assert neutral.sentiment == "neutral"


def test_communications_correct_it_on_the_page(mentions, moderator, alice):
    mention = mentions["3"]
    client = Client()
    client.force_login(moderator)
    page = client.get(reverse("mentions:list")).content.decode()
    assert 'name="sentiment"' in page
    url = reverse("mentions:sentiment", args=[mention.pk])
    assert client.post(url, {"sentiment": "negative"}).status_code == 302
    mention.refresh_from_db()
    assert mention.sentiment == "negative" and mention.sentiment_computed == "neutral"
    assert mention.sentiment_corrected_by == moderator
    page = client.get(reverse("mentions:list")).content.decode()
    assert moderator.full_name in page
    # Choosing what was computed takes the correction back.
    client.post(url, {"sentiment": "neutral"})
    mention.refresh_from_db()
    assert mention.sentiment == "neutral" and mention.sentiment_corrected_by is None
    assert client.post(url, {"sentiment": "furious"}).status_code == 400
    # Anyone else: as if it did not exist.
    other = Client()
    other.force_login(alice)
    assert other.post(url, {"sentiment": "negative"}).status_code == 404
    mention.refresh_from_db()
    assert mention.sentiment == "neutral"


def test_the_api_corrects_and_names_the_field(mentions, moderator, alice):
    mention = mentions["2"]

    def patch(person, data):
        return Client().patch(
            f"/api/v1/mentions/{mention.pk}",
            json.dumps(data),
            content_type="application/json",
            headers={"Authorization": f"Bearer {do_create_api_token(person)[1]}"},
        )

    done = patch(moderator, {"sentiment": "neutral"})
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["sentiment"] == "neutral" and body["sentiment_computed"] == "positive"
    assert body["sentiment_corrected"] is True and body["sentiment_words"]
    bad = patch(moderator, {"sentiment": "meh"})
    assert bad.status_code == 400 and bad.json()["field"] == "sentiment"
    assert patch(alice, {"sentiment": "negative"}).status_code == 404


def test_who_corrected_is_exported_and_forgotten(mentions, moderator):
    from plein.listening.mentions.actions import do_correct_sentiment

    mention = do_correct_sentiment(moderator, mentions["1"], "neutral")
    [row] = build_sentiment_corrections(moderator)
    assert row["mention_id"] == mention.pk and row["computed"] == "negative"
    erase_sentiment_corrections(moderator, None)
    mention.refresh_from_db()
    assert mention.sentiment == "neutral" and mention.sentiment_corrected_by is None
    assert build_sentiment_corrections(moderator) == []
