"""Wiki pages: revisions, history, diff, restore, conflicts and who may see them."""

import pytest

from plein.access.wiki import access_page, can_view_page, visible_pages
from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.knowledge.wiki.actions import (
    check_create_page,
    check_edit_page,
    check_restore_revision,
)
from plein.knowledge.wiki.models import Page
from plein.knowledge.wiki.queries import (
    diff_revisions,
    diff_texts,
    page_history,
    page_text,
)

pytestmark = pytest.mark.django_db


def test_every_save_is_a_revision_with_history_and_diff(alice, bob):
    page = check_create_page(alice, title="Declaraties", body="Stap 1\nStap 2")
    page = check_edit_page(
        bob,
        page,
        title="Declaraties",
        body="Stap 1\nStap 2b\nStap 3",
        base_revision=1,
        note="Nieuwe stap",
    )
    assert page.revision == 2 and "Stap 3" in page.body_html
    history = page_history(alice, page)
    assert [(r.number, r.author) for r in history] == [(2, bob), (1, alice)]
    assert history[0].note == "Nieuwe stap"
    diff = diff_revisions(bob, page, 1, 2)
    assert {"op": "removed", "text": "Stap 2"} in diff
    assert {"op": "added", "text": "Stap 3"} in diff
    assert {"op": "same", "text": "Stap 1"} in diff


def test_diff_texts_compares_any_two_texts_line_by_line():
    assert diff_texts("Stap 1\nStap 2\nStap 3", "Stap 1\r\nStap 2b\r\nStap 3") == [
        {"op": "same", "text": "Stap 1"},
        {"op": "removed", "text": "Stap 2"},
        {"op": "added", "text": "Stap 2b"},
        {"op": "same", "text": "Stap 3"},
    ]
    assert diff_texts("", "") == []
    assert diff_texts("", "Nieuw") == [{"op": "added", "text": "Nieuw"}]
    assert diff_texts(page_text("Oud", ""), page_text("Nieuw", "")) == [
        {"op": "removed", "text": "# Oud"},
        {"op": "added", "text": "# Nieuw"},
    ]


def test_diff_revisions_is_diff_texts_of_the_two_versions(alice, bob):
    page = check_create_page(alice, title="Reizen", body="Trein\nBus")
    page = check_edit_page(
        bob, page, title="Reizen en verblijf", body="Trein\nFiets", base_revision=1
    )
    assert diff_revisions(alice, page, 1, 2) == diff_texts(
        page_text("Reizen", "Trein\nBus"),
        page_text("Reizen en verblijf", "Trein\nFiets"),
    )
    assert diff_revisions(alice, page, 2, 2)[0] == {
        "op": "same",
        "text": "# Reizen en verblijf",
    }


def test_a_second_save_from_the_same_base_is_a_conflict_not_an_overwrite(alice, bob):
    page = check_create_page(alice, title="Verlof", body="Origineel")
    check_edit_page(
        alice, page, title="Verlof", body="Alice was eerst", base_revision=1
    )
    stale = Page.objects.get(pk=page.pk)
    stale.revision = 1  # Bob opened the editor before Alice saved
    with pytest.raises(Conflict) as error:
        check_edit_page(bob, stale, title="Verlof", body="Bob daarna", base_revision=1)
    assert error.value.data == {"current_revision": 2}
    assert error.value.field == "base_revision"
    page.refresh_from_db()
    assert page.body == "Alice was eerst" and page.revision == 2
    assert page.revisions.count() == 2


def test_restore_makes_an_old_version_the_newest(alice):
    page = check_create_page(alice, title="Thuiswerken", body="Versie een")
    page = check_edit_page(
        alice, page, title="Thuiswerken", body="Versie twee", base_revision=1
    )
    page = check_restore_revision(alice, page, number=1)
    assert page.revision == 3 and page.body == "Versie een"
    assert page.revisions.first().note
    with pytest.raises(InvalidInput):
        check_restore_revision(alice, page, number=99)


def test_titles_are_unique_per_wiki(alice, make_group):
    check_create_page(alice, title="Onboarding")
    with pytest.raises(InvalidInput) as error:
        check_create_page(alice, title="onboarding")
    assert error.value.field == "title"
    group = make_group(alice, "P&O", "open")
    assert check_create_page(alice, title="Onboarding", group=group).group == group


def test_a_secret_group_wiki_does_not_exist_for_outsiders(
    alice, bob, carol, make_group
):
    secret = make_group(alice, "Noordster", "secret", members=(bob,))
    page = check_create_page(alice, title="Plan", body="Geheim", group=secret)
    organisation = check_create_page(alice, title="Huisregels")
    assert can_view_page(bob, page) and not can_view_page(carol, page)
    assert set(visible_pages(carol)) == {organisation}
    assert set(visible_pages(bob)) == {organisation, page}
    with pytest.raises(NotFound):
        access_page(carol, page.pk)
    with pytest.raises(Forbidden):
        check_create_page(carol, title="Ook plan", group=secret)


def test_group_members_edit_their_wiki_and_others_may_only_read(
    alice, carol, make_group
):
    group = make_group(alice, "Hypotheken", "open")
    page = check_create_page(alice, title="Rentes", group=group)
    assert can_view_page(carol, page)
    with pytest.raises(Forbidden):
        check_edit_page(carol, page, title="Rentes", body="x", base_revision=1)


def test_wiki_text_passes_leak_prevention(alice):
    with pytest.raises(InvalidInput):
        check_create_page(
            alice, title="Klant", body="Het BSN van de klant is 111222333."
        )
    assert not Page.objects.exists()


def test_external_guests_have_no_organisation_wiki(alice, make_person):
    from plein.access.roles import Role

    guest = make_person("Gast", role=Role.GUEST)
    check_create_page(alice, title="Intern")
    assert not visible_pages(guest).exists()
    with pytest.raises(Forbidden):
        check_create_page(guest, title="Van buiten")
