"""The live stream: who is told what, resuming, and its bounds.

Streams are real ASGI requests (Django's AsyncClient) on one event loop,
the data committed (the stream reads in other threads).
"""

from typing import Any

import pytest

from plein.groups.actions import check_leave_group
from plein.people.actions import do_deactivate_person
from plein.posts.actions import check_create_comment, check_create_post

pytestmark = pytest.mark.django_db(transaction=True)


def _post_ids(listener: Any) -> set[int]:
    return {e.data["post_id"] for e in listener.of("post.created")}


def test_a_new_post_reaches_only_those_who_may_read_it(
    streams: Any, alice: Any, bob: Any, carol: Any, make_group: Any
) -> None:
    secret = make_group(alice, "Overname", kind="secret", members=(bob,))
    to_bob = streams.open(bob)
    to_carol = streams.open(carol)
    hidden = check_create_post(alice, body="Vertrouwelijk", group=secret)
    open_post = check_create_post(alice, body="Voor iedereen")

    assert streams.wait_for(lambda: _post_ids(to_bob) >= {hidden.pk, open_post.pk})
    assert streams.wait_for(lambda: open_post.pk in _post_ids(to_carol))
    assert hidden.pk not in _post_ids(to_carol)
    assert to_bob.of("post.created")[0].data == {
        "post_id": hidden.pk,
        "actor_id": alice.pk,
    }


def test_after_leaving_a_group_its_news_stops(
    streams: Any, alice: Any, bob: Any, make_group: Any
) -> None:
    club = make_group(alice, "Schaakclub", kind="closed", members=(bob,))
    to_bob = streams.open(bob)
    first = check_create_post(alice, body="Zet 1", group=club)
    assert streams.wait_for(lambda: first.pk in _post_ids(to_bob))
    check_leave_group(bob, club)
    later = check_create_post(alice, body="Zet 2", group=club)
    check_create_comment(alice, first, body="Schaak!")
    marker = check_create_post(alice, body="Open nieuws")
    assert streams.wait_for(lambda: marker.pk in _post_ids(to_bob))
    assert later.pk not in _post_ids(to_bob)
    assert not to_bob.of("comment.created")


def test_catching_up_after_a_dropped_connection_equals_a_fresh_load(
    streams: Any, alice: Any, bob: Any, carol: Any, make_group: Any
) -> None:
    from plein.access.posts import visible_posts

    secret = make_group(alice, "Geheim", kind="secret", members=(carol,))
    first = streams.open(bob)
    seen = check_create_post(alice, body="Eerste")
    assert streams.wait_for(lambda: seen.pk in _post_ids(first))
    resume_from = first.last_id
    first.close()
    # While bob is away: posts he may read, one he may not, a comment.
    missed = [check_create_post(alice, body=f"Gemist {n}") for n in range(3)]
    check_create_post(alice, body="Niet voor bob", group=secret)
    check_create_comment(carol, missed[0], body="Mooi")

    again = streams.open(bob, headers={"Last-Event-ID": resume_from})
    assert streams.wait_for(lambda: again.type_seen("ready"))
    announced = _post_ids(again)
    # What he was told about equals what a fresh page load shows since then.
    fresh = set(visible_posts(bob).filter(pk__gt=seen.pk).values_list("pk", flat=True))
    assert announced == fresh == {p.pk for p in missed}
    assert [e.data["post_id"] for e in again.of("comment.created")] == [missed[0].pk]


def test_too_much_missed_means_reload(
    streams: Any, alice: Any, bob: Any, settings: Any
) -> None:
    from plein.channels.live import stream

    listener = streams.open(bob)
    resume_from = listener.last_id
    listener.close()
    original = stream.CATCH_UP_LIMIT
    stream.CATCH_UP_LIMIT = 2
    try:
        for n in range(4):
            check_create_post(alice, body=f"Bericht {n}")
        again = streams.open(bob, headers={"Last-Event-ID": resume_from})
        assert streams.wait_for(lambda: again.type_seen("reload"))
    finally:
        stream.CATCH_UP_LIMIT = original


def test_a_mention_tells_the_bell_of_the_mentioned_only(
    streams: Any, alice: Any, bob: Any, carol: Any
) -> None:
    to_bob = streams.open(bob)
    to_carol = streams.open(carol)
    check_create_post(alice, body=f"Hoi @{bob.handle}, kijk even")
    assert streams.wait_for(lambda: to_bob.type_seen("notification.created"))
    streams.wait_for(lambda: to_carol.type_seen("post.created"))
    assert not to_carol.type_seen("notification.created")


def test_a_deactivated_persons_streams_close(streams: Any, bob: Any) -> None:
    listener = streams.open(bob)
    do_deactivate_person(bob)
    assert streams.wait_for(lambda: listener.ended)


def test_streams_per_person_are_capped(streams: Any, bob: Any, settings: Any) -> None:
    settings.LIVE_MAX_STREAMS_PER_PERSON = 2
    assert streams.open(bob).status == 200
    assert streams.open(bob).status == 200
    refused = streams.open(bob)
    assert refused.status == 429


def test_a_heartbeat_keeps_a_quiet_stream_open(
    streams: Any, bob: Any, settings: Any
) -> None:
    settings.LIVE_HEARTBEAT_SECONDS = 1
    listener = streams.open(bob)
    assert streams.wait_for(lambda: listener.comments >= 2, timeout=5)
    assert not listener.ended


def test_not_signed_in_is_told_to_stop_retrying(streams: Any, db: Any) -> None:
    assert streams.open(None).status == 204


def test_the_api_stream_takes_a_bearer_token(
    streams: Any, alice: Any, bob: Any
) -> None:
    from plein.people.actions import do_create_api_token

    token = do_create_api_token(bob, name="phone")[1]
    listener = streams.open(
        path="/api/v1/stream", headers={"Authorization": f"Bearer {token}"}
    )
    assert listener.status == 200
    post = check_create_post(alice, body="Via de API")
    assert streams.wait_for(lambda: post.pk in _post_ids(listener))
    assert streams.open(path="/api/v1/stream").status == 401
