"""Feed-token actions and the personal-data provider."""

import pytest

from plein.channels.feeds.actions import (
    MAX_TOKENS_PER_PERSON,
    check_create_feed_token,
    check_revoke_feed_token,
    do_touch_feed_token,
)
from plein.channels.feeds.models import FeedToken
from plein.channels.feeds.personal_data import build_feed_tokens, erase_feed_tokens
from plein.channels.feeds.queries import get_feed_token
from plein.channels.feeds.tokens import digest_feed_token
from plein.core.errors import InvalidInput, NotFound
from plein.core.events import capture_events

pytestmark = pytest.mark.django_db


def test_only_the_digest_is_stored(alice, run_on_commit):
    with capture_events() as events:
        token, raw = run_on_commit(
            check_create_feed_token, alice, name="  Mijn   lezer "
        )
    assert token.name == "Mijn lezer"
    assert token.digest == digest_feed_token(raw)
    assert raw not in {token.digest, token.prefix, token.name}
    assert get_feed_token(raw) == token
    assert [e.name for e in events] == ["feeds.token.created"]
    assert events[0].audience_ids == {alice.pk}


def test_names_are_checked(alice):
    with pytest.raises(InvalidInput) as empty:
        check_create_feed_token(alice, name="")
    with pytest.raises(InvalidInput) as long:
        check_create_feed_token(alice, name="x" * 101)
    assert empty.value.field == long.value.field == "name"


def test_too_many_tokens(alice):
    for n in range(MAX_TOKENS_PER_PERSON):
        check_create_feed_token(alice, name=f"Lezer {n}")
    with pytest.raises(InvalidInput):
        check_create_feed_token(alice, name="Een te veel")


def test_revoke_is_scoped_to_the_owner(alice, bob):
    token, raw = check_create_feed_token(alice, name="Lezer")
    with pytest.raises(NotFound):
        check_revoke_feed_token(bob, token.pk)
    check_revoke_feed_token(alice, token.pk)
    assert get_feed_token(raw) is None
    with pytest.raises(NotFound):
        check_revoke_feed_token(alice, token.pk)


def test_unknown_and_malformed_tokens(alice):
    assert get_feed_token("") is None
    assert get_feed_token("plein_abc") is None
    assert get_feed_token("plfeed_" + "x" * 200) is None


def test_touch_writes_at_most_every_five_minutes(alice):
    token, _raw = check_create_feed_token(alice, name="Lezer")
    do_touch_feed_token(token)
    first = FeedToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    do_touch_feed_token(token)
    assert FeedToken.objects.get(pk=token.pk).last_used_at == first


def test_personal_data_export_and_erasure(alice, bob):
    token, raw = check_create_feed_token(alice, name="Lezer")
    check_create_feed_token(bob, name="Van Bob")
    exported = build_feed_tokens(alice)
    assert [row["name"] for row in exported] == ["Lezer"]
    assert set(exported[0]) == {"id", "name", "created_at", "last_used_at"}
    assert raw not in repr(exported) and token.digest not in repr(exported)
    erase_feed_tokens(alice, None)
    assert list(FeedToken.objects.values_list("name", flat=True)) == ["Van Bob"]
