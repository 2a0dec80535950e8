"""The alert query language and the matcher, without the database."""

import pytest

from plein.alerts.matching import (
    MAX_QUERY_LENGTH,
    AlertIndex,
    build_content,
    clause_matches,
    compile_query,
    parse_alert_query,
)
from plein.core.errors import InvalidInput


def _compile(text: str, users: dict | None = None, groups: dict | None = None):
    return compile_query(
        parse_alert_query(text), user_ids=users or {}, group_ids=groups or {}
    )


def _matches(query: str, text: str, **content) -> bool:
    content.setdefault("tags", ())
    content.setdefault("author_id", 1)
    content.setdefault("group_id", None)
    compiled = _compile(query, {"alice": 7}, {"sales": 3})
    found = build_content(text, **content)
    return any(clause_matches(clause, found) for clause in compiled)


def test_newlines_and_or_split_clauses():
    clauses = parse_alert_query("Philips\nASML OR  Shell\n\n")
    assert [c.terms for c in clauses] == [("philips",), ("asml",), ("shell",)]


def test_lower_case_or_is_a_word_not_a_separator():
    # "or" is an English stop word, so it simply drops out of the clause.
    clauses = parse_alert_query("black or white")
    assert len(clauses) == 1
    assert clauses[0].terms == ("black", "white")


def test_clause_with_phrase_hashtag_handle_and_group():
    (clause,) = parse_alert_query('"jaar verslag" #Q3 @Alice group:sales budget')
    assert clause.phrases == (("jaar", "verslag"),)
    assert clause.terms == ("budget",)
    assert clause.hashtags == ("q3",)
    assert clause.handles == ("alice",)
    assert clause.groups == ("sales",)


def test_duplicate_clauses_are_kept_once():
    assert len(parse_alert_query("ING\ning\nING OR ING")) == 1


@pytest.mark.parametrize(
    "query",
    ["", "   \n  ", "de het een", "x" * (MAX_QUERY_LENGTH + 1), "!!! ???"],
)
def test_invalid_queries_name_the_query_field(query):
    with pytest.raises(InvalidInput) as caught:
        parse_alert_query(query)
    assert caught.value.field == "query"


def test_dutch_stemming_matches_plural():
    assert _matches("vergadering", "Drie vergaderingen op een dag.")


def test_english_stemming_matches_singular():
    assert _matches("meetings", "The meeting starts at ten.")


def test_all_words_of_a_clause_must_match():
    assert not _matches("budget vergadering", "De vergadering is verzet.")
    assert _matches("budget vergadering", "Vergadering over het budget.")


def test_phrase_needs_adjacent_words():
    assert _matches('"annual report"', "Our annual reports are out")
    assert not _matches('"annual report"', "The report, annual as ever")


def test_clients_match_as_or():
    clients = "\n".join(["ING", "Rabobank", "de Volksbank", "ASML"])
    assert _matches(clients, "Lunch met de Volksbank vandaag")
    assert _matches(clients, "Rabobank belde")
    assert not _matches(clients, "Niets over klanten")


def test_hashtag_handle_and_group_clauses():
    assert _matches("#q3", "Cijfers", tags=("q3",))
    assert not _matches("#q3", "Cijfers q3")
    assert _matches("@alice", "Iets", author_id=7)
    assert not _matches("@alice", "Iets", author_id=8)
    assert _matches("group:sales offerte", "Een offerte", group_id=3)
    assert not _matches("group:sales offerte", "Een offerte", group_id=4)


def test_index_returns_only_matching_alerts():
    index = AlertIndex()
    index.add(1, _compile("vergadering"))
    index.add(2, _compile("ASML\nPhilips"))
    index.add(3, _compile("#q3"))
    content = build_content(
        "Philips en de vergaderingen", tags=("x",), author_id=1, group_id=None
    )
    assert index.match(content) == {1, 2}


def test_index_anchor_for_phrase_and_person_only_clauses():
    index = AlertIndex()
    index.add(1, _compile('"nieuwe klant"'))
    index.add(2, _compile("@alice", {"alice": 7}))
    index.add(3, _compile("group:sales", groups={"sales": 3}))
    content = build_content("Een nieuwe klanten", tags=(), author_id=7, group_id=3)
    assert index.match(content) == {1, 2, 3}
