"""A small, dependable guess of whether a text is Dutch or English.

Posts carry a language so search can stem them correctly; when the author
does not say, the most frequent function words decide.
"""

import re

_WORD_RE = re.compile(r"[a-zà-ÿ']+")
_DUTCH = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "ik",
        "je",
        "jij",
        "we",
        "wij",
        "zij",
        "is",
        "zijn",
        "niet",
        "dat",
        "die",
        "dit",
        "op",
        "te",
        "met",
        "voor",
        "naar",
        "ook",
        "maar",
        "om",
        "aan",
        "bij",
        "als",
        "wat",
        "nog",
        "wel",
        "er",
        "geen",
        "heb",
        "hebben",
        "wordt",
        "worden",
        "kan",
        "moet",
        "onze",
        "ons",
        "jullie",
        "over",
        "uit",
        "deze",
        "tot",
        "door",
        "dan",
        "hoe",
        "waar",
        "mijn",
        "zijn",
        "al",
        "meer",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "of",
        "i",
        "you",
        "we",
        "they",
        "is",
        "are",
        "not",
        "that",
        "this",
        "on",
        "to",
        "with",
        "for",
        "at",
        "also",
        "but",
        "in",
        "by",
        "as",
        "what",
        "still",
        "there",
        "no",
        "have",
        "has",
        "be",
        "been",
        "can",
        "must",
        "our",
        "us",
        "your",
        "about",
        "from",
        "these",
        "until",
        "through",
        "then",
        "how",
        "where",
        "my",
        "his",
        "all",
        "more",
        "will",
        "would",
    ]
)


def guess_language(text: str, default: str = "nl") -> str:
    words = _WORD_RE.findall(text.lower())
    dutch = sum(1 for w in words if w in _DUTCH)
    english = sum(1 for w in words if w in _ENGLISH)
    if dutch == english:
        return default
    return "nl" if dutch > english else "en"
