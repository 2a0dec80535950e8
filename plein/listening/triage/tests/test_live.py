"""Open triage pages are told about changes: one live event for
communications, which a colleague's stream never receives."""

import pytest
from django.db import transaction

from plein.access.roles import Role
from plein.channels.live.models import LiveEvent
from plein.channels.live.stream import audiences
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.triage.actions import check_add_note, check_change_triage
from plein.listening.triage.handlers import LIVE_TYPE
from plein.people.models import User

# ``audiences`` runs as the stream does, in a thread of its own: it closes
# the connection it finds, which a test inside one transaction would lose.
pytestmark = pytest.mark.django_db(transaction=True)


def _rows():
    return list(
        LiveEvent.objects.filter(type=LIVE_TYPE)
        .order_by("pk")
        .values(
            "pk",
            "type",
            "post_id",
            "comment_id",
            "actor_id",
            "recipient_ids",
            "for_moderators",
        )
    )


def test_changes_and_new_mentions_write_a_live_event_for_communications(
    mention, source, moderator, admin, alice, make_person
):
    guest = make_person("Gijs Gast", role=Role.GUEST)
    before = len(_rows())  # the fixture's intake wrote one already
    assert before == 1
    with transaction.atomic():
        check_change_triage(moderator, mention, assignee=admin)
        check_add_note(moderator, mention, "Even navragen.")
    do_take_in(source, [FeedItem(url="https://reviews.example/9", title="Nieuw")])
    rows = _rows()
    assert len(rows) == before + 3
    assert all(row["for_moderators"] and row["post_id"] is None for row in rows)
    assert rows[1]["actor_id"] == moderator.pk
    people = {moderator.pk, admin.pk, alice.pk, guest.pk}
    for row_id, audience in audiences(rows, people).items():
        assert audience == {moderator.pk, admin.pk}, row_id


def test_a_demoted_moderator_no_longer_receives_them(mention, moderator, admin):
    with transaction.atomic():
        check_change_triage(admin, mention, assignee=admin)
    User.objects.filter(pk=moderator.pk).update(role=Role.MEMBER)
    rows = _rows()
    assert all(
        moderator.pk not in audience
        for audience in audiences(rows, {moderator.pk, admin.pk}).values()
    )
