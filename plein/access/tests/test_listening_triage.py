"""Who triages mentions: communications (organisation admins and
moderators), checked on every request; notes are changed by their author."""

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.listening import (
    access_mention_note,
    assignable_people,
    can_be_assigned_mentions,
    can_edit_mention_note,
    can_triage_mentions,
    visible_triages,
)
from plein.access.roles import Role
from plein.core.errors import Forbidden, NotFound
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.mentions.models import Mention
from plein.listening.sources.actions import do_add_source
from plein.listening.triage.models import MentionNote, Triage
from plein.people.actions import do_deactivate_person
from plein.people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(moderator):
    source = do_add_source(None, name="Nieuws", url="https://nieuws.example/feed")
    do_take_in(source, [FeedItem(url="https://nieuws.example/1", title="Een")])
    return MentionNote.objects.create(
        mention=Mention.objects.get(), author=moderator, text="Intern"
    )


@pytest.fixture
def personas(make_person, admin, moderator, alice):
    former = make_person("Fien Vertrokken", role=Role.MODERATOR)
    do_deactivate_person(former)
    return {
        "admin": admin,
        "moderator": moderator,
        "member": alice,
        "guest": make_person("Gijs Gast", role=Role.GUEST),
        "alumnus": make_person("Anne Oud", role=Role.ALUMNI),
        "compliance": make_person("Cas Compliance", role=Role.COMPLIANCE),
        "former moderator": former,
        "anonymous": AnonymousUser(),
    }


ALLOWED = {"admin", "moderator"}


def test_predicates_filters_and_gatekeeper_agree(personas, note):
    triage = Triage.objects.get()
    assignable = set(assignable_people())
    for name, user in personas.items():
        allowed = name in ALLOWED
        assert can_triage_mentions(user) is allowed, name
        assert (triage in visible_triages(user)) is allowed, name
        if name != "anonymous":
            assert can_be_assigned_mentions(user) is allowed, name
            assert (user in assignable) is allowed, name
        if allowed:
            assert access_mention_note(user, note.pk) == note
        else:
            with pytest.raises(NotFound):
                access_mention_note(user, note.pk)


def test_only_the_author_changes_a_note(note, moderator, admin):
    assert can_edit_mention_note(moderator, note)
    assert not can_edit_mention_note(admin, note)
    assert access_mention_note(moderator, note.pk, for_edit=True) == note
    with pytest.raises(Forbidden):
        access_mention_note(admin, note.pk, for_edit=True)
    User.objects.filter(pk=moderator.pk).update(role=Role.MEMBER)
    moderator.refresh_from_db()
    assert not can_edit_mention_note(moderator, note)
    nameless = MentionNote.objects.create(mention=note.mention, text="Zonder naam")
    assert not can_edit_mention_note(admin, nameless)


@pytest.mark.parametrize("note_id", [999999, "nope", None, 2**70])
def test_a_missing_note_is_not_found(moderator, note_id):
    with pytest.raises(NotFound):
        access_mention_note(moderator, note_id)


def test_the_triage_filter_narrows_a_given_queryset(note, moderator, alice):
    qs = Triage.objects.filter(pk=note.mention_id)
    assert list(visible_triages(moderator, qs)) == list(qs)
    assert list(visible_triages(alice, qs)) == []
    assert list(assignable_people(User.objects.filter(pk=moderator.pk))) == [moderator]
