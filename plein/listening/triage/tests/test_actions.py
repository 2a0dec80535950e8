"""Triage actions: states and assignees with their history, notes, and
discussing a mention internally through the one publishing workflow."""

import pytest

from plein.access.roles import Role
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import capture_events
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.triage.actions import (
    ALLOWED,
    UNSET,
    build_discussion_text,
    check_add_note,
    check_change_triage,
    check_delete_note,
    check_discuss_mention,
    check_edit_note,
    resolve_assignee,
)
from plein.listening.triage.models import (
    MentionDiscussion,
    MentionNote,
    Triage,
    TriageChange,
    TriageState,
)
from plein.notifications.models import Notification
from plein.people.models import User

pytestmark = pytest.mark.django_db


def test_intake_gives_each_new_mention_a_new_triage_row(mentions, source):
    assert {t.pk: t.state for t in Triage.objects.all()} == {
        m.pk: "new" for m in mentions
    }
    # Taking the same items in again changes nothing.
    do_take_in(source, [FeedItem(url="https://reviews.example/1")])
    assert Triage.objects.count() == 3


def test_a_mention_without_a_row_is_new_and_gets_one_when_changed(mention, moderator):
    Triage.objects.all().delete()
    triage = check_change_triage(moderator, mention, state=TriageState.IGNORED)
    assert triage.state == "ignored"
    change = TriageChange.objects.get()
    assert (change.from_state, change.to_state) == ("new", "ignored")


def test_assigning_a_new_mention_makes_it_assigned_and_tells_the_assignee(
    mention, moderator, admin, run_on_commit
):
    with capture_events() as events:
        run_on_commit(check_change_triage, moderator, mention, assignee=admin)
    triage = Triage.objects.get(pk=mention.pk)
    assert (triage.state, triage.assignee, triage.changed_by) == (
        "assigned",
        admin,
        moderator,
    )
    event = next(e for e in events if e.name == "triage.mention.changed")
    assert event.payload["assigned"] is True
    assert event.payload["assignee_id"] == admin.pk
    notification = Notification.objects.get(kind="triage_assigned")
    assert notification.recipient == admin
    assert notification.actor == moderator
    assert notification.target == triage


def test_assigning_oneself_notifies_nobody(mention, moderator, run_on_commit):
    run_on_commit(check_change_triage, moderator, mention, assignee=moderator)
    assert not Notification.objects.filter(kind="triage_assigned").exists()


def test_assigning_someone_outside_communications_names_the_field(
    mention, moderator, alice
):
    with pytest.raises(InvalidInput) as error:
        check_change_triage(moderator, mention, assignee=alice)
    assert error.value.field == "assignee"
    with pytest.raises(InvalidInput) as error:
        resolve_assignee(alice.pk)
    assert error.value.field == "assignee"
    for value in ("nope", "0", 2**70):
        with pytest.raises(InvalidInput):
            resolve_assignee(value)
    assert resolve_assignee("") is None
    assert not TriageChange.objects.exists()


def test_the_states_follow_the_allowed_moves_and_reopening_works(
    mention, moderator, admin
):
    check_change_triage(moderator, mention, assignee=admin)
    check_change_triage(moderator, mention, state=TriageState.NEEDS_RESPONSE)
    check_change_triage(moderator, mention, state=TriageState.RESPONDED)
    # Closed the other way only after reopening.
    with pytest.raises(InvalidInput) as error:
        check_change_triage(moderator, mention, state=TriageState.IGNORED)
    assert error.value.field == "state"
    check_change_triage(moderator, mention, state=TriageState.NEEDS_RESPONSE)
    check_change_triage(moderator, mention, state=TriageState.IGNORED)
    history = list(
        TriageChange.objects.values_list("from_state", "to_state", "to_assignee_id")
    )
    assert history == [
        ("new", "assigned", admin.pk),
        ("assigned", "needs_response", admin.pk),
        ("needs_response", "responded", admin.pk),
        ("responded", "needs_response", admin.pk),
        ("needs_response", "ignored", admin.pk),
    ]
    assert ALLOWED["responded"] == {"new", "assigned", "needs_response"}


def test_state_rules_name_their_field(mention, moderator, admin):
    with pytest.raises(InvalidInput) as error:
        check_change_triage(moderator, mention, state="done")
    assert error.value.field == "state"
    with pytest.raises(InvalidInput) as error:
        check_change_triage(moderator, mention, state=TriageState.ASSIGNED)
    assert error.value.field == "assignee"
    with pytest.raises(InvalidInput) as error:
        check_change_triage(moderator, mention, state=TriageState.NEW, assignee=admin)
    assert error.value.field == "assignee"


def test_unassigning_an_assigned_mention_makes_it_new_and_new_clears_the_assignee(
    mentions, moderator, admin
):
    first, second = mentions[0], mentions[1]
    check_change_triage(moderator, first, assignee=admin)
    triage = check_change_triage(moderator, first, assignee=None)
    assert (triage.state, triage.assignee_id) == ("new", None)
    check_change_triage(moderator, second, assignee=admin)
    check_change_triage(moderator, second, state=TriageState.NEEDS_RESPONSE)
    triage = check_change_triage(moderator, second, state=TriageState.NEW)
    assert (triage.state, triage.assignee_id) == ("new", None)


def test_a_change_that_changes_nothing_writes_nothing(mention, moderator):
    with capture_events() as events:
        check_change_triage(moderator, mention, state=None, assignee=UNSET)
    assert events == [] and not TriageChange.objects.exists()


def test_only_communications_may_triage(mention, alice, guest):
    for person in (alice, guest):
        with pytest.raises(NotFound):
            check_change_triage(person, mention, state=TriageState.IGNORED)
        with pytest.raises(NotFound):
            check_add_note(person, mention, "Hoi")


def test_notes_are_edited_and_deleted_by_their_author_only(mention, moderator, admin):
    note = check_add_note(moderator, mention, "  Navragen bij HR.  ")
    assert note.text == "Navragen bij HR." and note.author == moderator
    with pytest.raises(Forbidden):
        check_edit_note(admin, note, "Overschreven")
    with pytest.raises(Forbidden):
        check_delete_note(admin, note)
    check_edit_note(moderator, note, "HR weet ervan.")
    note.refresh_from_db()
    assert note.text == "HR weet ervan." and note.edited_at is not None
    with pytest.raises(InvalidInput) as error:
        check_edit_note(moderator, note, " ")
    assert error.value.field == "text"
    with pytest.raises(InvalidInput) as error:
        check_add_note(moderator, mention, "x" * 2001)
    assert error.value.field == "text"
    check_delete_note(moderator, note)
    assert not MentionNote.objects.exists()


def test_a_demoted_author_can_no_longer_change_their_note(mention, moderator):
    note = check_add_note(moderator, mention, "Eerste indruk")
    User.objects.filter(pk=moderator.pk).update(role=Role.MEMBER)
    moderator.refresh_from_db()
    with pytest.raises(NotFound):
        check_edit_note(moderator, note, "Nog iets")


def test_the_discussion_text_quotes_and_links_without_mentioning_anyone(mention):
    title, body = build_discussion_text(mention)
    assert title == "Slechtste werkgever ooit"
    assert body.startswith(
        "> **[Slechtste werkgever ooit](<https://reviews.example/1>)**"
    )
    assert "> Ze zijn onbetrouwbaar" in body
    assert "https://reviews.example/1" in body.split("\n\n", 1)[1]


@pytest.fixture
def workgroup(make_group, moderator, admin, alice):
    return make_group(moderator, "Werkgroep Sociale Media", "closed", (admin, alice))


def test_discussing_publishes_a_post_in_the_group_and_assigns_a_new_mention(
    mention, moderator, admin, alice, workgroup, run_on_commit
):
    title, body = build_discussion_text(mention)
    post = run_on_commit(
        check_discuss_mention,
        moderator,
        mention,
        group=workgroup,
        title=title,
        body=body,
        required_readers=[admin],
    )
    assert post.group == workgroup and post.author == moderator
    assert "<blockquote>" in post.body_html
    assert 'href="https://reviews.example/1"' in post.body_html
    # The quoted "@alice" and "#zuiderhaven" mention and tag nothing.
    assert not post.mentions.exists() and not post.hashtags.exists()
    assert MentionDiscussion.objects.get().post == post
    triage = Triage.objects.get(pk=mention.pk)
    assert (triage.state, triage.assignee) == ("assigned", moderator)
    # The required reader was named through the announcements part.
    assert Notification.objects.filter(
        recipient=admin, kind="required_reading"
    ).exists()
    assert not Notification.objects.filter(recipient=alice, kind="mention").exists()


def test_discussing_keeps_a_state_further_along(mention, moderator, admin, workgroup):
    check_change_triage(moderator, mention, assignee=admin)
    check_change_triage(moderator, mention, state=TriageState.NEEDS_RESPONSE)
    check_discuss_mention(moderator, mention, group=workgroup, body="Reageren?")
    triage = Triage.objects.get(pk=mention.pk)
    assert (triage.state, triage.assignee) == ("needs_response", admin)


def test_discussing_refuses_what_the_post_workflow_refuses(
    mention, moderator, workgroup, make_group, make_person, bob
):
    other = make_group(bob, "Elders", "open")
    with pytest.raises(InvalidInput) as error:
        check_discuss_mention(moderator, mention, group=other, body="Hoi")
    assert error.value.field == "group_id"
    with pytest.raises(InvalidInput) as error:
        check_discuss_mention(moderator, mention, group=None, body="Hoi")
    assert error.value.field == "group_id"
    with pytest.raises(InvalidInput) as error:
        check_discuss_mention(moderator, mention, group=workgroup, body=" ")
    assert error.value.field == "body"
    # A required reader who cannot read the group.
    with pytest.raises(InvalidInput) as error:
        check_discuss_mention(
            moderator, mention, group=workgroup, body="Hoi", required_readers=[bob]
        )
    assert error.value.field == "required_readers"
    assert not MentionDiscussion.objects.exists()
