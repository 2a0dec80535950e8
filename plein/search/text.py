"""Words, stems and snippets: the pure text side of search.

SQLite has no Dutch stemmer, so text is stemmed here with PyStemmer before
it reaches FTS5. ``dutch_porter`` is the algorithm behind PostgreSQL's
``dutch`` configuration, which keeps the results of both databases alike.
"""

import html
import re
from functools import cache

import Stemmer
from django.utils.safestring import SafeString, mark_safe

# Letters and digits; underscores split words, as in FTS5's unicode61.
WORD_RE = re.compile(r"[^\W_]+")
_SPLIT_RE = re.compile(r"([^\W_]+)")
_SPACE_RE = re.compile(r"\s+")
STEMMER_NAMES = {"nl": "dutch_porter", "en": "english"}
LANGUAGES = tuple(STEMMER_NAMES)
SNIPPET_WORDS = 30
# PostgreSQL's snowball stop word lists (dutch.stop, english.stop). A query
# word on this list is dropped: PostgreSQL leaves these words out of the
# index in one language but not the other, so requiring them would make a
# search for "de vergadering" miss Dutch posts there. SQLite follows suit so
# both databases answer alike.
STOP_WORDS = frozenset(
    [
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
        "i",
        "me",
        "my",
        "myself",
        "we",
        "our",
        "ours",
        "ourselves",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "he",
        "him",
        "his",
        "himself",
        "she",
        "her",
        "hers",
        "herself",
        "it",
        "its",
        "itself",
        "they",
        "them",
        "their",
        "theirs",
        "themselves",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "doing",
        "a",
        "an",
        "the",
        "and",
        "but",
        "if",
        "or",
        "because",
        "as",
        "until",
        "while",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
    ]
)


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMER_NAMES.get(language, "dutch_porter"))


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(text)]


def stem(word: str, language: str) -> str:
    return str(_stemmer(language).stemWord(word.lower()))


def stem_text(text: str, language: str) -> str:
    """The text as space-separated stems, the form stored in FTS5."""
    return " ".join(_stemmer(language).stemWords(words(text)))


def all_stems(word: str) -> set[str]:
    """A query word's stem in every language: its language is unknown."""
    return {stem(word, language) for language in LANGUAGES}


SNIPPET_SCAN_CHARS = 4000


def build_snippet(
    text: str, stems: set[str], *, max_words: int = SNIPPET_WORDS
) -> SafeString:
    """An HTML-escaped excerpt around the first match, matches in <mark>.

    Works on the original text, so the same snippet comes out of SQLite and
    PostgreSQL.
    """
    # A snippet comes from the start of the text; scanning a long article
    # to its end would cost more than the search itself.
    parts = _SPLIT_RE.split(text[:SNIPPET_SCAN_CHARS])
    # parts alternates separator, word, separator, …: words sit at odd indexes.
    lowered = [w.lower() for w in parts[1::2]]
    distinct = list(set(lowered))
    matching = set()
    for language in LANGUAGES:
        for word, word_stem in zip(
            distinct, _stemmer(language).stemWords(distinct), strict=True
        ):
            if word_stem in stems:
                matching.add(word)
    hits = [position for position, word in enumerate(lowered) if word in matching]
    start = max(0, (hits[0] if hits else 0) - 5)
    end = min(len(lowered), start + max_words)
    # Word i is parts[2i + 1], the separator before it parts[2i]. Plain runs
    # are joined and escaped as one slice; only matches are wrapped.
    out = ["…"] if start else []
    run_from = 2 * start + 1
    for position in hits:
        if position < start:
            continue
        if position >= end:
            break
        index = 2 * position + 1
        out.append(html.escape(_SPACE_RE.sub(" ", "".join(parts[run_from:index]))))
        out.append(f"<mark>{html.escape(parts[index])}</mark>")
        run_from = index + 1
    tail = "".join(parts[run_from : 2 * end])
    if end == len(lowered) and lowered:
        tail += parts[-1].rstrip()
    out.append(html.escape(_SPACE_RE.sub(" ", tail)))
    if end < len(lowered):
        out.append("…")
    return mark_safe("".join(out))
