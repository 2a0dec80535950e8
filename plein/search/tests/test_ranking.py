"""Relevance ranks every match, whatever the engine reads first.

The ranking reads the best RANK_FETCH matches of the whole index and reads
more only when it cannot prove the page complete. These tests lower that
threshold to a few documents, so the cases where the best match lies far
beyond the first reads stay small and fast; each asserts that the page is
the one ranking every match at once would give.
"""

import pytest

from plein.search import queries
from plein.search.queries import search_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def read_few(monkeypatch):
    """Read two matches at a time, growing by two, for one round."""
    monkeypatch.setattr(queries, "RANK_FETCH", 2)
    monkeypatch.setattr(queries, "RANK_GROWTH", 2)


def _ranked(user, q, **kwargs):
    return [
        hit.post_id for hit in search_content(user, q, order="relevance", **kwargs).hits
    ]


def _weak_posts(make_post, author, count, **kwargs):
    filler = " ".join(["vergadering over de planning van het kwartaal"] * 4)
    return [
        make_post(author, f"{filler} en ook het beleid nummer {n}", **kwargs)
        for n in range(count)
    ]


def test_an_old_strong_match_outranks_newer_weak_ones_beyond_the_first_reads(
    alice, make_post, read_few
):
    old = make_post(
        alice,
        "Het beleid, het hele beleid en niets dan het beleid.",
        title="Beleid thuiswerken",
        language="nl",
        days_ago=700,
    )
    newer = _weak_posts(make_post, alice, 12, language="nl")
    ranked = _ranked(alice, "beleid", limit=3)
    assert ranked[0] == old.pk
    assert set(ranked[1:]) <= {post.pk for post in newer}
    assert search_content(alice, "beleid", limit=3).hits[0].post_id == newer[-1].pk


def test_the_page_is_the_same_as_ranking_every_match_at_once(
    alice, carol, secret_group, open_group, make_post, monkeypatch
):
    make_post(alice, "Beleid beleid beleid in het geheim", group=secret_group)
    make_post(alice, "Het beleid van de open groep, beleid", group=open_group)
    _weak_posts(make_post, alice, 5, group=secret_group)
    _weak_posts(make_post, alice, 5)
    make_post(alice, "Beleid", title="Beleid en nog eens beleid")
    everything = {
        (user.pk, limit): _ranked(user, "beleid", limit=limit)
        for user in (alice, carol)
        for limit in (1, 3, 8)
    }
    monkeypatch.setattr(queries, "RANK_FETCH", 1)
    monkeypatch.setattr(queries, "RANK_GROWTH", 2)
    for (user_id, limit), expected in everything.items():
        user = alice if user_id == alice.pk else carol
        assert _ranked(user, "beleid", limit=limit) == expected


def test_a_reader_who_may_see_few_matches_gets_the_best_visible_ones(
    alice, carol, secret_group, make_post, read_few, monkeypatch
):
    monkeypatch.setattr(queries, "RANK_ROUNDS", 1)
    hidden = [
        make_post(
            alice, "Beleid, beleid, beleid: alleen voor de groep", group=secret_group
        )
        for _ in range(6)
    ]
    weak = _weak_posts(make_post, alice, 3)
    ranked = _ranked(carol, "beleid", limit=2)
    assert len(ranked) == 2
    assert set(ranked) <= {post.pk for post in weak}
    assert not {post.pk for post in hidden} & set(_ranked(carol, "beleid"))


def test_filtered_relevance_ranks_every_match_within_the_filter(
    alice, bob, open_group, make_post, read_few
):
    strong = make_post(
        bob, "Beleid en beleid", title="Het beleid", group=open_group, days_ago=300
    )
    _weak_posts(make_post, alice, 6)
    _weak_posts(make_post, bob, 4, group=open_group)
    ranked = _ranked(alice, "beleid", group_id=open_group.pk, limit=2)
    assert ranked[0] == strong.pk
    assert _ranked(alice, "beleid", author_id=bob.pk, limit=1) == [strong.pk]
