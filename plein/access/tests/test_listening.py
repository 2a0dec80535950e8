"""Who listens: communications (organisation admins and moderators) sees
every source and mention; everyone else nothing, as if none existed."""

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.listening import (
    access_source,
    can_submit_mention,
    can_use_listening,
    can_view_mention,
    visible_mentions,
    visible_sources,
)
from plein.access.roles import Role
from plein.core.errors import NotFound
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.mentions.models import Mention
from plein.listening.sources.actions import do_add_source
from plein.listening.sources.models import Source
from plein.people.actions import do_deactivate_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def source():
    return do_add_source(None, name="Nieuws", url="https://nieuws.example/feed")


@pytest.fixture
def mention(source):
    do_take_in(source, [FeedItem(url="https://nieuws.example/1", title="Een")])
    return source, Mention.objects.get()


@pytest.fixture
def personas(make_person, admin, moderator, alice):
    former = make_person("Fien Vertrokken", role=Role.MODERATOR)
    do_deactivate_person(former)
    return {
        "admin": admin,
        "moderator": moderator,
        "member": alice,
        "guest": make_person("Gijs Gast", role=Role.GUEST),
        "compliance": make_person("Cas Compliance", role=Role.COMPLIANCE),
        "former moderator": former,
        "anonymous": AnonymousUser(),
    }


ALLOWED = {"admin", "moderator"}


def test_predicate_filters_and_gatekeeper_agree(personas, mention):
    source, found = mention
    for name, user in personas.items():
        allowed = name in ALLOWED
        assert can_use_listening(user) is allowed, name
        assert can_view_mention(user, found) is allowed, name
        assert (found in visible_mentions(user)) is allowed, name
        assert (source in visible_sources(user)) is allowed, name
        if allowed:
            assert access_source(user, source.pk) == source
        else:
            with pytest.raises(NotFound):
                access_source(user, source.pk)


def test_filters_narrow_a_given_queryset(moderator, alice, mention):
    source, found = mention
    qs = Mention.objects.filter(pk=found.pk)
    assert list(visible_mentions(moderator, qs)) == [found]
    assert list(visible_mentions(alice, qs)) == []
    assert list(visible_sources(moderator, Source.objects.all())) == [source]


@pytest.mark.parametrize("source_id", [999999, "nope", None])
def test_a_missing_source_is_not_found(moderator, source_id):
    with pytest.raises(NotFound):
        access_source(moderator, source_id)


def test_every_colleague_may_send_a_link_in(personas, make_person):
    personas["alumnus"] = make_person("Olaf Oud", role=Role.ALUMNI)
    senders = {"admin", "moderator", "member", "compliance"}
    for name, user in personas.items():
        assert can_submit_mention(user) is (name in senders), name
