"""Relevance search with the embedded engine proposing the candidates.

The engine holds a copy of the index; the database still decides what the
reader may see, the filters, the boosts and the hits. These tests turn the
engine on in a directory of their own and sync it explicitly, as the worker
would after commit.
"""

import pytest
from django.test import override_settings

from plein.search import engine, queries
from plein.search.engine import do_sync_engine
from plein.search.models import EngineChange
from plein.search.queries import search_content

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine_on(settings, tmp_path):
    settings.SEARCH_ENGINE = "tantivy"
    settings.SEARCH_ENGINE_DIR = tmp_path / "engine"
    return settings.SEARCH_ENGINE_DIR


def _ranked(user, q, **kwargs):
    hits = search_content(user, q, order="relevance", **kwargs).hits
    return [hit.post_id for hit in hits]


def _engine_was_asked(monkeypatch):
    calls = []
    original = engine.top_matches

    def spy(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(engine, "top_matches", spy)
    return calls


def test_the_first_sync_builds_the_engine_and_relevance_uses_it(
    alice, make_post, engine_on, monkeypatch
):
    weak = make_post(alice, "Een vergadering over het beleid en de planning.")
    strong = make_post(alice, "Beleid, beleid: het nieuwe beleid.", title="Beleid")
    assert not engine.is_ready()

    do_sync_engine()
    calls = _engine_was_asked(monkeypatch)

    assert engine.is_ready()
    assert _ranked(alice, "beleid") == [strong.pk, weak.pk]
    assert calls
    assert not EngineChange.objects.exists()


def test_the_engine_never_shows_what_the_reader_may_not_see(
    alice, carol, secret_group, open_group, make_post, engine_on
):
    secret = make_post(alice, "Beleid beleid beleid, geheim", group=secret_group)
    public = make_post(alice, "Het beleid van de open groep", group=open_group)
    do_sync_engine()

    assert _ranked(carol, "beleid") == [public.pk]
    assert _ranked(alice, "beleid") == [secret.pk, public.pk]


def test_a_change_reaches_the_engine_with_the_next_sync(alice, make_post, engine_on):
    first = make_post(alice, "Het beleid voor thuiswerken")
    do_sync_engine()
    later = make_post(alice, "Beleid, beleid en nog eens beleid", title="Beleid")

    # Not synced yet: the engine does not propose it, nothing is wrong.
    assert _ranked(alice, "beleid") == [first.pk]
    assert EngineChange.objects.count() == 1
    do_sync_engine()
    assert _ranked(alice, "beleid") == [later.pk, first.pk]


def test_a_deleted_post_is_gone_before_the_engine_hears_of_it(
    alice, make_post, engine_on
):
    from plein.posts.actions import do_delete_post

    post = make_post(alice, "Beleid over fietsen")
    do_sync_engine()
    do_delete_post(alice, post)

    assert _ranked(alice, "beleid") == []  # the database no longer has it
    do_sync_engine()
    assert engine.top_matches(queries.parse_query("beleid"), 10) == []


def test_syncing_twice_changes_nothing(alice, make_post, engine_on):
    make_post(alice, "Beleid een")
    make_post(alice, "Beleid twee")
    do_sync_engine()
    EngineChange.objects.bulk_create(
        [EngineChange(document_id=doc_id) for doc_id, _s in _all(queries)]
    )

    do_sync_engine()
    do_sync_engine()

    assert len(_all(queries)) == 2


def _all(queries_module):
    return engine.top_matches(queries_module.parse_query("beleid"), 100)


def test_an_old_strong_match_outranks_newer_weak_ones(
    alice, make_post, engine_on, monkeypatch
):
    monkeypatch.setattr(queries, "RANK_FETCH", 2)
    monkeypatch.setattr(queries, "RANK_GROWTH", 2)
    old = make_post(
        alice,
        "Het beleid, het hele beleid en niets dan het beleid.",
        title="Beleid thuiswerken",
        language="nl",
        days_ago=700,
    )
    filler = " ".join(["vergadering over de planning van het kwartaal"] * 4)
    for n in range(12):
        make_post(alice, f"{filler} en ook het beleid nummer {n}", language="nl")
    do_sync_engine()

    assert _ranked(alice, "beleid", limit=3)[0] == old.pk


def test_an_answered_question_gets_its_boost_through_the_engine(
    alice, bob, make_post, engine_on, monkeypatch
):
    from plein.knowledge.qna.actions import check_accept_answer, check_ask_question
    from plein.posts.actions import check_create_comment

    monkeypatch.setattr(queries, "RANK_FETCH", 1)
    question = check_ask_question(
        alice, title="Hoe werkt het beleid?", body="Over het beleid voor reizen."
    )
    stronger = make_post(alice, "Beleid, beleid: reisbeleid en beleid.")
    answer = check_create_comment(bob, question, body="Zo werkt het.")
    check_accept_answer(alice, question, answer)
    do_sync_engine()

    ranked = _ranked(alice, "beleid")
    scores = dict(engine.top_matches(queries.parse_query("beleid"), 10))
    assert len(scores) == 2
    assert ranked[0] == question.pk
    assert stronger.pk in ranked


def test_without_a_complete_build_the_database_ranks(
    alice, make_post, engine_on, monkeypatch
):
    post = make_post(alice, "Beleid voor iedereen")
    calls = _engine_was_asked(monkeypatch)

    assert _ranked(alice, "beleid") == [post.pk]
    assert calls == []


@pytest.mark.django_db(transaction=True)
def test_a_post_stays_published_when_asking_for_a_sync_fails(
    alice, make_post, engine_on, caplog
):
    # A database cache whose table was never created (a deployment that ran
    # `migrate` on a database from before the cache-table migration): asking
    # for a sync fails after the post committed. The author must not see an
    # error (the mail gateway answered 451, and the mail came again); the
    # scheduler's sync every minute catches up.
    missing = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_cache_table",
        }
    }
    with override_settings(CACHES=missing):
        post = make_post(alice, "Het nieuwe beleid staat online.")

    assert EngineChange.objects.exists()
    assert "schedule_sync" in caplog.text
    do_sync_engine()  # what the scheduler does every minute
    assert _ranked(alice, "beleid") == [post.pk]
