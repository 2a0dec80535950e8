"""Topics: the normalised words evidence is filed under, and their stems.

A topic is a lower-case word without "#": the hashtag ``#Hypotheek``, the
skill "Hypotheken" and the title word "hypotheek" all become topic words.
Words are matched on their stems in both Dutch and English, because the
language of a hashtag, a skill or a query is not known: "hypotheken",
"hypotheek" and "#hypotheek" meet, and so do "mortgages" and "mortgage".
"""

from dataclasses import dataclass

from plein.search.text import STOP_WORDS, stem, words

TOPIC_MAX_LENGTH = 80
# One-letter words are initials and list markers, not topics.
MIN_LENGTH = 2
# A query longer than this is a sentence, not a topic: the rest is ignored.
MAX_QUERY_WORDS = 8


@dataclass(frozen=True)
class TopicWord:
    word: str
    stem_nl: str
    stem_en: str


def normalise(word: str) -> str:
    """The topic form of one word or hashtag: lower case, no "#"."""
    return word.strip().lstrip("#").lower()[:TOPIC_MAX_LENGTH]


def topic_word(word: str) -> TopicWord:
    word = normalise(word)
    return TopicWord(word, stem(word, "nl"), stem(word, "en"))


def topic_words(text: str) -> list[TopicWord]:
    """The distinct topic words of a title, skill name or query, in order."""
    seen: dict[str, TopicWord] = {}
    for word in words(text):
        if len(word) < MIN_LENGTH or word in STOP_WORDS or word.isdigit():
            continue
        if word not in seen:
            seen[word] = topic_word(word)
    return list(seen.values())


def query_stems(text: str) -> set[str]:
    """Every stem a query's words may have, for matching either stem column."""
    stems: set[str] = set()
    for found in topic_words(text)[:MAX_QUERY_WORDS]:
        stems.update((found.stem_nl, found.stem_en))
    return stems
