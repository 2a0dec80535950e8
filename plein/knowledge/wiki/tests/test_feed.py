"""Wiki changes in a group's feed: one entry per page, never a flood."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone, translation

from plein.groups.streams import merge_group_stream
from plein.knowledge.wiki.actions import check_create_page, check_edit_page
from plein.knowledge.wiki.queries import recent_page_updates

pytestmark = pytest.mark.django_db


def _edit(run_on_commit, person, page, body):
    page.refresh_from_db()
    return run_on_commit(
        check_edit_page,
        person,
        page,
        title=page.title,
        body=body,
        base_revision=page.revision,
    )


@pytest.fixture(autouse=True)
def _english():
    # The sentences are read as the English-speaking team members see them
    # (in a request, their language is active).
    with translation.override("en"):
        yield


@pytest.fixture
def team(make_person, make_group):
    anna = make_person("Anna", language="en")
    bram = make_person("Bram", language="en")
    cees = make_person("Cees", language="en")
    group = make_group(anna, "Onboarding team", "open", members=(bram, cees))
    return anna, bram, cees, group


def test_many_edits_of_one_page_make_one_entry(team, run_on_commit):
    anna, bram, cees, group = team
    page = run_on_commit(check_create_page, anna, title="Onboarding", group=group)
    for person in (bram, cees, bram, anna):
        _edit(run_on_commit, person, page, f"door {person.full_name}")
    updates = recent_page_updates(anna, group=group)
    assert len(updates) == 1
    update = updates[0]
    assert update.change_count == 5 and update.is_new
    assert [p.full_name for p in update.authors] == ["Anna", "Bram", "Cees"]
    assert str(update.sentence).startswith(
        "<strong>Anna</strong> and 2 others edited the wiki page"
    )
    assert "(5 changes)" in str(update.sentence)


def test_a_new_page_with_one_revision_reads_as_created(team, run_on_commit):
    anna, _bram, _cees, group = team
    run_on_commit(check_create_page, anna, title="Welkom", group=group)
    (update,) = recent_page_updates(anna, group=group)
    assert "created the wiki page" in str(update.sentence)
    assert "(1 change)" in str(update.sentence)


def test_entries_count_only_changes_in_the_range(team, run_on_commit):
    anna, bram, _cees, group = team
    start = timezone.now() - datetime.timedelta(days=10)
    with time_machine.travel(start, tick=False):
        page = run_on_commit(check_create_page, anna, title="Laptop", group=group)
    middle = start + datetime.timedelta(days=5)
    _edit(run_on_commit, bram, page, "nieuw")
    (update,) = recent_page_updates(anna, group=group, since=middle)
    assert update.change_count == 1 and not update.is_new
    assert [p.full_name for p in update.authors] == ["Bram"]
    assert recent_page_updates(anna, group=group, until=middle)[0].is_new


def test_pages_of_a_closed_group_are_not_in_outsiders_entries(
    team, make_person, make_group, run_on_commit
):
    anna, _bram, _cees, _group = team
    closed = make_group(anna, "Bestuur", "closed")
    run_on_commit(check_create_page, anna, title="Besluiten", group=closed)
    outsider = make_person("Olaf")
    assert recent_page_updates(outsider, group=closed) == []
    assert len(recent_page_updates(anna, group=closed)) == 1


def test_entries_are_merged_into_posts_by_time(team, make_post, run_on_commit):
    anna, _bram, _cees, group = team
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(hours=3), tick=False):
        old_post = make_post(anna, "Oud bericht", group=group)
    with time_machine.travel(now - datetime.timedelta(hours=2), tick=False):
        run_on_commit(check_create_page, anna, title="Tussendoor", group=group)
    with time_machine.travel(now - datetime.timedelta(hours=1), tick=False):
        new_post = make_post(anna, "Nieuw bericht", group=group)
    items = merge_group_stream(
        anna, group, [new_post, old_post], until=None, is_last_page=True
    )
    assert [getattr(i, "title", None) or i.body for i in items] == [
        "Nieuw bericht",
        "Tussendoor",
        "Oud bericht",
    ]
    # A page of posts that is not the last covers only its own time range.
    assert (
        len(merge_group_stream(anna, group, [new_post], until=None, is_last_page=False))
        == 1
    )


def test_the_group_page_shows_one_entry_per_page(team, make_post, run_on_commit):
    anna, bram, _cees, group = team
    make_post(anna, "Hallo team", group=group)
    page = run_on_commit(check_create_page, anna, title="Werkplek", group=group)
    for _ in range(3):
        _edit(run_on_commit, bram, page, f"versie {_}")
    client = Client()
    client.force_login(anna)
    response = client.get(f"/groups/{group.slug}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count(f'id="wiki-update-{page.pk}"') == 1
    assert "(4 changes)" in content
    assert "Hallo team" in content


def test_each_entry_appears_on_exactly_one_page_of_the_group_feed(
    team, make_post, run_on_commit, monkeypatch
):
    import functools

    from plein.groups import queries as group_queries

    anna, _bram, _cees, group = team
    now = timezone.now()
    with time_machine.travel(now - datetime.timedelta(days=3), tick=False):
        make_post(anna, "Heel oud", group=group)
    with time_machine.travel(now - datetime.timedelta(days=2), tick=False):
        page = run_on_commit(check_create_page, anna, title="Oude pagina", group=group)
    with time_machine.travel(now - datetime.timedelta(days=1), tick=False):
        make_post(anna, "Nieuwer", group=group)
        make_post(anna, "Nieuwst", group=group)
    # Two posts per page of the feed.
    two_per_page = functools.partial(group_queries.list_group_post_ids, limit=2)
    monkeypatch.setattr(group_queries, "list_group_post_ids", two_per_page)
    client = Client()
    client.force_login(anna)
    first = client.get(f"/groups/{group.slug}/").content.decode()
    assert "Nieuwst" in first and f"wiki-update-{page.pk}" not in first
    _ids, cursor = two_per_page(anna, group)
    second = client.get(f"/groups/{group.slug}/", {"before": cursor}).content.decode()
    assert second.count(f'id="wiki-update-{page.pk}"') == 1
    assert second.index("wiki-update") < second.index("Heel oud")
