"""Links between pages, backlinks and the table of contents."""

import pytest

from plein.knowledge.wiki.actions import (
    check_create_page,
    check_delete_page,
    check_edit_page,
)
from plein.knowledge.wiki.models import PageLink
from plein.knowledge.wiki.queries import backlinks, toc

pytestmark = pytest.mark.django_db


def test_links_to_existing_and_missing_pages(alice, run_on_commit):
    target = run_on_commit(check_create_page, alice, title="Verlof aanvragen")
    page = run_on_commit(
        check_create_page,
        alice,
        title="Handboek",
        body="Zie [[Verlof aanvragen]] en [[Ziekmelding|ziek melden]].",
    )
    assert f'<a href="/wiki/{target.pk}/" class="wiki-link"' in page.body_html
    assert ">Verlof aanvragen</a>" in page.body_html
    assert 'class="wiki-link wiki-missing"' in page.body_html
    assert "/wiki/new/?title=Ziekmelding" in page.body_html
    assert ">ziek melden</a>" in page.body_html
    links = {link.target_title: link.target_id for link in page.links.all()}
    assert links == {"Verlof aanvragen": target.pk, "Ziekmelding": None}


def test_a_missing_link_in_a_group_wiki_creates_the_page_in_that_group(
    alice, make_group, run_on_commit
):
    group = make_group(alice, "P&O", "open")
    page = run_on_commit(
        check_create_page, alice, title="Start", body="[[Nieuw]]", group=group
    )
    assert f"/wiki/new/?title=Nieuw&amp;group={group.pk}" in page.body_html


def test_links_inside_code_are_left_alone(alice, run_on_commit):
    page = run_on_commit(
        check_create_page,
        alice,
        title="Syntax",
        body="Schrijf `[[Titel]]` zo.\n\n```\n[[Ook niet]]\n```\n",
    )
    assert "wiki-link" not in page.body_html
    assert "[[Titel]]" in page.body_html and "[[Ook niet]]" in page.body_html
    assert not PageLink.objects.filter(source=page).exists()


def test_creating_the_missing_page_resolves_links_waiting_for_it(
    alice, bob, run_on_commit
):
    source = run_on_commit(
        check_create_page, alice, title="Index", body="Lees [[Declaraties]]."
    )
    assert "wiki-missing" in source.body_html
    target = run_on_commit(check_create_page, bob, title="declaraties")
    source.refresh_from_db()
    assert "wiki-missing" not in source.body_html
    assert f'href="/wiki/{target.pk}/"' in source.body_html
    assert PageLink.objects.get(source=source).target == target


def test_links_resolve_only_within_the_same_wiki(alice, make_group, run_on_commit):
    group = make_group(alice, "Team", "open")
    run_on_commit(check_create_page, alice, title="Regels", group=group)
    page = run_on_commit(check_create_page, alice, title="Start", body="[[Regels]]")
    assert "wiki-missing" in page.body_html


def test_deleting_a_page_makes_links_to_it_missing_again(alice, run_on_commit):
    target = run_on_commit(check_create_page, alice, title="Oud")
    source = run_on_commit(check_create_page, alice, title="Nieuw", body="[[Oud]]")
    run_on_commit(check_delete_page, alice, target)
    source.refresh_from_db()
    assert "wiki-missing" in source.body_html
    # The title is free again, and a new page of it is linked.
    again = run_on_commit(check_create_page, alice, title="Oud")
    source.refresh_from_db()
    assert f'href="/wiki/{again.pk}/"' in source.body_html


def test_backlinks_leave_out_pages_the_reader_may_not_see(
    alice, bob, carol, make_group, run_on_commit
):
    target = run_on_commit(check_create_page, alice, title="Huisstijl")
    open_source = run_on_commit(
        check_create_page, alice, title="Communicatie", body="[[Huisstijl]]"
    )
    secret = make_group(alice, "Fusie", "secret", members=(bob,))
    # A secret group's page links to the organisation page only when the
    # title matches there: it lives in another wiki, so its link stays
    # missing and gives no backlink at all.
    run_on_commit(
        check_create_page, alice, title="Plan", body="[[Huisstijl]]", group=secret
    )
    assert backlinks(carol, target) == [open_source]
    assert backlinks(bob, target) == [open_source]


def test_backlinks_within_a_secret_wiki_are_for_its_members(
    alice, bob, carol, make_group, run_on_commit
):
    secret = make_group(alice, "Fusie", "secret", members=(bob,))
    target = run_on_commit(check_create_page, alice, title="Doel", group=secret)
    source = run_on_commit(
        check_create_page, alice, title="Plan", body="[[Doel]]", group=secret
    )
    assert backlinks(bob, target) == [source]
    assert backlinks(carol, target) == []


def test_editing_replaces_the_links(alice, run_on_commit):
    run_on_commit(check_create_page, alice, title="A")
    page = run_on_commit(check_create_page, alice, title="B", body="[[A]]")
    page = run_on_commit(
        check_edit_page, alice, page, title="B", body="[[C]]", base_revision=1
    )
    assert [link.target_title for link in page.links.all()] == ["C"]


def test_headings_get_stable_anchors_and_make_the_toc(alice, run_on_commit):
    page = run_on_commit(
        check_create_page,
        alice,
        title="Onboarding",
        body="# Welkom\n\ntekst\n\n## Eerste dag\n\n## Eerste dag\n\n### `Laptop` ophalen",
    )
    assert '<h1 id="h-welkom">Welkom</h1>' in page.body_html
    assert '<h2 id="h-eerste-dag-2">' in page.body_html
    assert toc(page) == [
        (1, "Welkom", "h-welkom"),
        (2, "Eerste dag", "h-eerste-dag"),
        (2, "Eerste dag", "h-eerste-dag-2"),
        (3, "Laptop ophalen", "h-laptop-ophalen"),
    ]


def test_wiki_html_stays_sanitised(alice, run_on_commit):
    page = run_on_commit(
        check_create_page,
        alice,
        title="Veilig",
        body='[[x" onclick="alert(1)]] <script>alert(1)</script> '
        "![extern](https://tracker.example/p.png) [kw](javascript:alert(1))",
    )
    html = page.body_html
    attributes = _attributes(html)
    assert "<script" not in html
    assert not [name for name, _value in attributes if name.startswith("on")]
    assert not [v for _n, v in attributes if "tracker" in v or "javascript" in v]


def _attributes(html: str) -> list[tuple[str, str]]:
    from html.parser import HTMLParser

    found: list[tuple[str, str]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.extend((name, value or "") for name, value in attrs)

    Collect().feed(html)
    return found


def test_a_renamed_page_is_found_by_its_old_and_new_title(alice, run_on_commit):
    page = run_on_commit(check_create_page, alice, title="Verlof")
    waiting = run_on_commit(
        check_create_page, alice, title="Index", body="[[Vakantie]] en [[verlof]]"
    )
    assert "wiki-missing" in waiting.body_html
    run_on_commit(
        check_edit_page, alice, page, title="Vakantie", body="", base_revision=1
    )
    waiting.refresh_from_db()
    assert "wiki-missing" not in waiting.body_html
    assert waiting.body_html.count(f'href="/wiki/{page.pk}/"') == 2


def test_toc_text_is_plain_and_unescaped(alice, run_on_commit):
    page = run_on_commit(
        check_create_page,
        alice,
        title="Vragen",
        body="## Vragen & *antwoorden*\n\n## <b>Geen</b> HTML",
    )
    assert toc(page) == [
        (2, "Vragen & antwoorden", "h-vragen-antwoorden"),
        (2, "<b>Geen</b> HTML", "h-bgeenb-html"),
    ]
