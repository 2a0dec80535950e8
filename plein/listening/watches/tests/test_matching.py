"""The watch query language is the term alerts': stemming per language,
phrases, OR; clauses that only mean something inside Plein are refused."""

import pytest

from plein.alerts.matching import clause_matches
from plein.core.errors import InvalidInput
from plein.listening.watches.matching import build_mention_content, build_watch_query


def _matches(query: str, title: str, excerpt: str = "", language: str = "nl") -> bool:
    _text, compiled = build_watch_query(query)
    content = build_mention_content(title, excerpt, language)
    return any(clause_matches(clause, content) for clause in compiled)


def test_a_dutch_word_finds_its_other_forms():
    assert _matches("hypotheek", "Hypotheken worden duurder")
    assert _matches("hypotheken", "De hypotheek van starters")
    assert not _matches("hypotheek", "Huren worden duurder")


def test_an_english_word_finds_its_other_forms():
    assert _matches("mortgage", "Mortgages get more expensive", language="en")
    assert _matches("advisers", "An adviser speaks", language="en")


def test_a_mention_is_stemmed_in_its_own_language():
    # English stemming of "banken" leaves it; Dutch makes it "bank".
    assert _matches("bank", "Banken verhogen de rente", language="nl")
    # Without a language both stemmers are tried.
    assert _matches("bank", "Banken verhogen de rente", language="")


def test_every_word_of_a_line_must_occur():
    assert _matches("zuiderhaven gent", "Zuiderhaven opent kantoor in Gent")
    assert not _matches("zuiderhaven antwerpen", "Zuiderhaven opent kantoor in Gent")


def test_a_phrase_must_occur_as_written():
    assert _matches('"De Linde"', "Huurders van De Linde boos")
    assert not _matches('"De Linde"', "Een linde staat in de tuin")
    assert _matches('"nieuwe hypotheken"', "Veel nieuwe hypotheek verstrekt")


def test_lines_and_or_are_alternatives():
    query = "Hollandse Hypotheekgroep OR HHG\nconcurrent"
    assert _matches(query, "HHG groeit hard")
    assert _matches(query, "Een concurrent opent vestigingen")
    assert _matches(query, "De Hollandse Hypotheekgroep groeit")
    assert not _matches(query, "Zuiderhaven groeit")


def test_the_excerpt_counts_too():
    assert _matches("woonstichting", "Nieuwbouw in Zuid", "De woonstichting bouwt")


@pytest.mark.parametrize(
    "query", ["#zuiderhaven", "@zuiderhaven", "group:hypotheken", "Zuiderhaven #bank"]
)
def test_clauses_about_plein_itself_are_refused_on_query(query):
    with pytest.raises(InvalidInput) as error:
        build_watch_query(query)
    assert error.value.field == "query"


@pytest.mark.parametrize("query", ["", "   ", "de het een", "x" * 5001])
def test_empty_common_or_long_queries_are_refused_on_query(query):
    with pytest.raises(InvalidInput) as error:
        build_watch_query(query)
    assert error.value.field == "query"
