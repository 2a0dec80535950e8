"""Sentiment of Dutch and English mentions with known polarity."""

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from plein.listening.mentions.sentiment import (
    MAX_CHARS,
    MAX_WORDS,
    Sentiment,
    guess_language,
    score,
)

ROOT = Path(__file__).resolve().parents[4]
FEEDS_NL = ROOT.parent / "shared" / "corpora" / "feeds-nl"

# (text, label, a word that must be among the deciding words)
DUTCH = [
    ("Slechtste werkgever ooit, ze betalen niet op tijd.", "negative", "slechtste"),
    (
        "Ik werd na drie gesprekken niet eens teruggebeld, erg onprofessioneel.",
        "negative",
        "onprofessioneel",
    ),
    ("De klantenservice was onvriendelijk en traag.", "negative", "onvriendelijk"),
    (
        "Na mijn sollicitatie heb ik nooit meer iets gehoord, heel teleurstellend.",
        "negative",
        "teleurstellend",
    ),
    (
        "Chaotische organisatie, veel te veel vergaderingen en niemand beslist.",
        "negative",
        "chaotische",
    ),
    (
        "Onbetrouwbare werkgever: afspraken worden niet nagekomen.",
        "negative",
        "onbetrouwbare",
    ),
    ("Het sollicitatiegesprek was niet goed voorbereid.", "negative", "goed"),
    ("Geweldige collega's en een fijne sfeer.", "positive", "geweldige"),
    ("Prima werkgever met goede secundaire arbeidsvoorwaarden.", "positive", "prima"),
    (
        "Het sollicitatiegesprek verliep prettig en professioneel.",
        "positive",
        "prettig",
    ),
    ("Ik ben heel blij met mijn nieuwe baan bij Zuiderhaven!", "positive", "blij"),
    (
        "Een echte aanrader: goede begeleiding en leuke projecten.",
        "positive",
        "aanrader",
    ),
    ("De recruiter was vriendelijk en reageerde snel.", "positive", "vriendelijk"),
    ("De leiding is niet slecht.", "positive", "slecht"),
    ("De bank maakte dinsdag de kwartaalcijfers bekend.", "neutral", None),
    ("Zuiderhaven Bank heeft een nieuwe directeur benoemd.", "neutral", None),
    ("Zuiderhaven Bank opent een nieuw kantoor in Groningen.", "neutral", None),
    ("De aandeelhoudersvergadering vindt plaats op 14 mei.", "neutral", None),
]

ENGLISH = [
    ("Worst employer ever, they never pay on time.", "negative", "worst"),
    (
        "I was ghosted after three interviews, very disappointing.",
        "negative",
        "disappointing",
    ),
    ("Rude recruiters and a chaotic onboarding.", "negative", "chaotic"),
    ("The interview process was not good at all.", "negative", "good"),
    ("Regulators fined the bank for failing to stop fraud.", "negative", "fraud"),
    (
        "Applicants complain about the slow and confusing process.",
        "negative",
        "confusing",
    ),
    ("The office is nice but the pay is terrible.", "negative", "terrible"),
    ("Great colleagues and a friendly atmosphere.", "positive", "great"),
    (
        "Management is supportive and the training is excellent.",
        "positive",
        "excellent",
    ),
    ("Highly recommend working here, amazing team!", "positive", "amazing"),
    ("Not bad at all, decent salary and flexible hours.", "positive", "bad"),
    ("Honestly the best place I have worked.", "positive", "best"),
    ("The bank published its quarterly figures on Tuesday.", "neutral", None),
    ("Zuiderhaven Bank appointed a new chief financial officer.", "neutral", None),
    ("The company will move its headquarters to Utrecht in 2027.", "neutral", None),
]


def decided_by(result: Sentiment, word: str) -> bool:
    return any(word in phrase.split() for phrase in result.words)


@pytest.mark.parametrize(("text", "label", "word"), DUTCH)
def test_dutch_sentence_gets_its_known_label_and_deciding_word(text, label, word):
    result = score(text, "nl")

    assert result.label == label, result
    if word is not None:
        assert decided_by(result, word), result


@pytest.mark.parametrize(("text", "label", "word"), ENGLISH)
def test_english_sentence_gets_its_known_label_and_deciding_word(text, label, word):
    result = score(text, "en")

    assert result.label == label, result
    if word is not None:
        assert decided_by(result, word), result


def test_negation_turns_the_label_and_is_shown_with_the_word():
    assert score("Het werk is goed.", "nl").label == "positive"
    negated = score("Het werk is niet goed.", "nl")
    assert negated.label == "negative"
    assert negated.words == ("niet goed",)

    assert score("The work is good.", "en").label == "positive"
    negated = score("The work isn't good.", "en")
    assert negated.label == "negative"
    assert negated.words == ("isn't good",)


def test_words_come_strongest_first_and_at_most_five():
    result = score(
        "Het werk is fijn, de lunch is goed en de collega's zijn geweldig.", "nl"
    )
    assert result.words == ("geweldig", "goed", "fijn")

    many = score(
        "Great team, amazing boss, excellent pay, nice office, good coffee, "
        "fine lunch, lovely people.",
        "en",
    )
    assert many.label == "positive"
    assert len(many.words) == MAX_WORDS
    assert many.words[0] == "great"


def test_a_neutral_text_shows_the_words_that_cancelled_out():
    result = score("Het salaris is goed, de sfeer is slecht.", "nl")

    assert result.label == "neutral"
    assert result.words == ("slecht", "goed")


@pytest.mark.parametrize(
    "text",
    [
        "Great colleagues and a friendly atmosphere.",
        "The office is nice but the pay is terrible!!",
        "Kind of OK, but NOT great :(",
        "Worst employer ever, they never pay on time.",
    ],
)
def test_english_score_is_vaders_compound_score(text):
    """The unrolled VADER loop gives what polarity_scores() gives."""
    expected = SentimentIntensityAnalyzer().polarity_scores(text)["compound"]

    assert score(text, "en").score == pytest.approx(expected, abs=1e-4)


def test_scores_stay_within_minus_one_and_one():
    for text, language in [
        ("Heel heel erg geweldig!!! " * 50, "nl"),
        ("Vreselijk! " * 200, "nl"),
        ("AMAZING!!! " * 300, "en"),
        ("terrible awful horrible " * 200, "en"),
    ]:
        result = score(text, language)
        assert -1.0 <= result.score <= 1.0


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nl", "positive"), ("nl-NL", "positive"), ("NL", "positive"), ("de", "positive")],
)
def test_language_codes_are_read_loosely_and_unknown_ones_guessed(language, expected):
    result = score("Het bedrijf is geweldig en de sfeer is fijn.", language)

    assert result.label == expected
    assert result.words == ("geweldig", "fijn")


def test_english_text_with_an_unknown_language_is_scored_as_english():
    result = score("The company is awful and the managers are rude.", "")

    assert result.label == "negative"
    assert decided_by(result, "awful")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De bank sluit twaalf kantoren in het noorden van het land.", "nl"),
        ("The bank will close twelve offices in the north of the country.", "en"),
        ("Zuiderhaven Bank", "nl"),
        ("", "nl"),
    ],
)
def test_guess_language_counts_function_words_and_prefers_dutch_on_a_tie(
    text, expected
):
    assert guess_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "12345 %%% ---"])
def test_empty_or_wordless_text_is_neutral(text):
    for language in ("nl", "en", ""):
        assert score(text, language) == Sentiment("neutral", 0.0, ())


def test_only_the_first_max_chars_are_scored():
    text = "Geweldige werkgever. " + "x " * MAX_CHARS + "Vreselijk slecht."

    result = score(text, "nl")

    assert result.label == "positive"
    assert result.words == ("geweldige",)


@pytest.mark.parametrize(
    "text",
    [
        "!" * 200_000,
        ":) x " * 50_000,
        "goed x niet " * 50_000,
        "good but not bad " * 50_000,
        "\U0001f621\U0001f389" * 100_000,
        "GOOD x " * 50_000,
        "\x00\ud800 slecht" * 20_000,
        "a" * 1_000_000,
    ],
    ids=[
        "bangs",
        "smileys",
        "nl-words",
        "en-words",
        "emoji",
        "caps",
        "nul",
        "one-word",
    ],
)
def test_huge_or_hostile_text_is_scored_in_bounded_time(text):
    for language in ("nl", "en", "xx"):
        score("warm up", language)
        started = time.process_time()
        result = score(text, language)
        assert time.process_time() - started < 2.0
        assert result.label in ("positive", "neutral", "negative")
        assert len(result.words) <= MAX_WORDS
        assert all(len(word) < 200 for word in result.words)


def _feed_items(path: Path) -> list[str]:
    # The corpus is a fixed set of files from shared/, not untrusted input.
    root = ElementTree.fromstring(path.read_bytes())  # noqa: S314
    texts = []
    for item in root.iter("item"):
        for field in ("title", "description"):
            value = item.findtext(field) or ""
            texts.append(re.sub(r"<[^>]+>", " ", value))
    return texts


@pytest.mark.skipif(
    not FEEDS_NL.is_dir(),
    reason=f"the Dutch feeds corpus is not at {FEEDS_NL} (see shared/corpora)",
)
def test_real_dutch_news_items_are_all_scored_quickly():
    texts = [
        text for path in sorted(FEEDS_NL.glob("*.xml")) for text in _feed_items(path)
    ]
    assert texts, f"no feed items found in {FEEDS_NL}"
    score("opwarmen", "nl")

    started = time.process_time()
    results = [score(text, language) for text in texts for language in ("nl", "")]
    elapsed = time.process_time() - started

    assert elapsed < 2.0
    for result in results:
        assert result.label in ("positive", "neutral", "negative")
        assert -1.0 <= result.score <= 1.0
        assert len(result.words) <= MAX_WORDS


def test_scoring_downloads_nothing_and_needs_no_nltk_data(tmp_path):
    """A fresh process with an empty home and NLTK data path still scores."""
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "NLTK_DATA": str(tmp_path / "nltk_data"),
        # Any attempt to reach the network fails at once.
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
        "http_proxy": "http://127.0.0.1:9",
        "https_proxy": "http://127.0.0.1:9",
    }
    code = (
        "from plein.listening.mentions.sentiment import score;"
        "print(score('Slechtste werkgever ooit.', 'nl').label,"
        " score('Worst employer ever.', 'en').label)"
    )

    completed = subprocess.run(  # noqa: S603 (a fixed command line)
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["negative", "negative"]
    assert not list(tmp_path.rglob("*")), "something was written or downloaded"
