"""Searching wiki pages: stemming in both languages, access, index upkeep."""

import pytest
from django.core.management import call_command
from django.test import Client

from plein.knowledge.wiki.actions import (
    check_create_page,
    check_delete_page,
    check_edit_page,
    check_move_page,
)
from plein.knowledge.wiki.models import PageIndex
from plein.knowledge.wiki.queries import search_pages
from plein.knowledge.wiki.search import rebuild_wiki_index

pytestmark = pytest.mark.django_db


def _found(user, text, **kwargs):
    return [hit.title for hit in search_pages(user, text, **kwargs)]


def test_dutch_pages_are_found_by_another_form_of_the_word(alice, bob, run_on_commit):
    run_on_commit(
        check_create_page,
        alice,
        title="Hypotheken voor medewerkers",
        body="Je kunt bij de afdeling financiën een hypotheek aanvragen.",
    )
    assert _found(bob, "hypotheek") == ["Hypotheken voor medewerkers"]
    assert _found(bob, "aanvraag") == ["Hypotheken voor medewerkers"]
    hit = search_pages(bob, "hypotheek")[0]
    assert "<mark>" in hit.snippet and hit.url == f"/wiki/{hit.page_id}/"


def test_english_pages_are_stemmed_in_english(alice, bob, run_on_commit):
    run_on_commit(
        check_create_page,
        alice,
        title="Travelling abroad",
        body="The rules for travelling and the expenses you can claim.",
    )
    assert _found(bob, "travel") == ["Travelling abroad"]
    assert _found(bob, "claims") == ["Travelling abroad"]


def test_a_secret_group_page_is_never_found_by_outsiders(
    alice, bob, carol, make_group, run_on_commit
):
    secret = make_group(alice, "Overname", "secret", members=(bob,))
    closed = make_group(alice, "Directie", "closed")
    run_on_commit(
        check_create_page, alice, title="Overnameplan", body="zebra", group=secret
    )
    run_on_commit(
        check_create_page, alice, title="Directieplan", body="zebra", group=closed
    )
    run_on_commit(check_create_page, alice, title="Dierentuin", body="zebra")
    assert _found(carol, "zebra") == ["Dierentuin"]
    assert sorted(_found(bob, "zebra")) == ["Dierentuin", "Overnameplan"]
    assert _found(carol, "zebra", group=secret) == []


def test_every_word_must_match_but_a_long_text_falls_back_to_any(
    alice, bob, run_on_commit
):
    run_on_commit(check_create_page, alice, title="Parkeren", body="garage pasje")
    run_on_commit(check_create_page, alice, title="Fietsen", body="fietsenstalling")
    assert _found(bob, "garage pasje") == ["Parkeren"]
    # No page has every word: pages with any of them are ranked instead.
    assert _found(bob, "waar is de garage of fietsenstalling") != []


def test_empty_and_stop_word_searches_find_nothing(alice, run_on_commit):
    run_on_commit(check_create_page, alice, title="De", body="het een")
    assert search_pages(alice, "") == []
    assert search_pages(alice, "de het") == []
    assert search_pages(alice, "x" * 5000) == []


def test_the_index_follows_edits_deletes_and_moves(
    alice, bob, carol, make_group, run_on_commit
):
    page = run_on_commit(check_create_page, alice, title="Lunch", body="broodjes")
    page = run_on_commit(
        check_edit_page, alice, page, title="Lunch", body="soep", base_revision=1
    )
    assert _found(bob, "broodjes") == [] and _found(bob, "soep") == ["Lunch"]
    secret = make_group(alice, "Keuken", "secret", members=(bob,))
    run_on_commit(check_move_page, alice, page, parent=None, group=secret)
    assert _found(carol, "soep") == [] and _found(bob, "soep") == ["Lunch"]
    page.refresh_from_db()
    run_on_commit(check_delete_page, alice, page)
    assert _found(bob, "soep") == []
    assert not PageIndex.objects.filter(page=page).exists()


def test_rebuilding_the_index_finds_the_same_pages(alice, run_on_commit):
    run_on_commit(check_create_page, alice, title="Vergaderen", body="agenda")
    run_on_commit(check_create_page, alice, title="Weg", body="agenda")
    assert rebuild_wiki_index() == 2
    assert sorted(_found(alice, "agenda")) == ["Vergaderen", "Weg"]
    call_command("search_reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(_found(alice, "agenda")) == ["Vergaderen", "Weg"]


def test_the_search_page_has_a_wiki_section(alice, bob, make_person, run_on_commit):
    run_on_commit(check_create_page, alice, title="Thuiswerkbeleid", body="laptop")
    reader = make_person("Ann", language="en")
    client = Client()
    client.force_login(reader)
    response = client.get("/search/", {"q": "laptop"})
    assert response.status_code == 200
    assert b"Wiki pages" in response.content
    assert b"Thuiswerkbeleid" in response.content


def test_snippet_escapes_an_ampersand_once(alice, bob, run_on_commit):
    run_on_commit(
        check_create_page,
        alice,
        title="Afdelingen",
        body="De afdeling **R&D** regelt de hypotheek.",
    )
    snippet = search_pages(bob, "hypotheek")[0].snippet
    assert "R&amp;D" in snippet
    assert "&amp;amp;" not in snippet
    assert "**" not in snippet
