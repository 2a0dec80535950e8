"""An anonymous poll stores that a person voted, never what they chose.

Every table of the database is read before and after a vote and the rows
that changed are inspected; the audit log, the events and the live log say
"voted" and nothing more; and two worlds in which two people swap their
choices leave exactly the same traces.
"""

import pytest
from django.db import connection

from plein.channels.live.models import LiveEvent
from plein.core.events import capture_events
from plein.engagement.polls.models import (
    PollChoice,
    PollFreeAnswer,
    PollTally,
    PollVoter,
)
from plein.governance.compliance.models import AuditEntry

pytestmark = pytest.mark.django_db

# What a vote in an anonymous poll may touch, and nothing else.
ALLOWED = {
    PollVoter._meta.db_table,
    PollTally._meta.db_table,
    AuditEntry._meta.db_table,
    LiveEvent._meta.db_table,
}


def _snapshot() -> dict[str, tuple[list[str], set[tuple]]]:
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our own table names
            columns = [c[0] for c in cursor.description]
            tables[table] = (
                columns,
                {tuple(map(str, row)) for row in cursor.fetchall()},
            )
    return tables


def _changed(before, after):
    changed = {}
    for table, (columns, rows) in after.items():
        new = rows - before.get(table, (columns, set()))[1]
        if new:
            changed[table] = [dict(zip(columns, row, strict=True)) for row in new]
    return changed


def test_a_vote_changes_only_the_voter_row_and_counters(alice, bob, make_poll, vote):
    poll = make_poll(alice, is_anonymous=True, allows_other=True)
    choice = poll.options.get(label="Bos")
    before = _snapshot()
    with capture_events() as events:
        vote(bob, poll, "Bos")
    changed = _changed(before, _snapshot())
    assert set(changed) <= ALLOWED, set(changed) - ALLOWED
    # The voter row: the poll and the person, no time, no option.
    [voter] = changed[PollVoter._meta.db_table]
    assert set(voter) == {"id", "poll_id", "voter_id"}
    # The counter: an option and a count, no person.
    [tally] = changed[PollTally._meta.db_table]
    assert set(tally) == {"id", "option_id", "department_key", "count"}
    assert tally["option_id"] == str(choice.pk)
    # The audit log and the live log: that someone voted, never the option.
    for row in changed[AuditEntry._meta.db_table]:
        assert row["action"] == "polls.vote.cast"
        assert str(choice.pk) not in row["data"].replace(str(poll.pk), "")
        assert "Bos" not in row["data"]
    for row in changed.get(LiveEvent._meta.db_table, []):
        assert row["actor_id"] == "None"
        assert row["type"] == "poll.results"
    [event] = [e for e in events if e.name.startswith("polls.")]
    assert event.payload == {"post_id": poll.pk, "results_visible": True}
    assert event.context == {}


def _traces(poll):
    """Everything stored about the votes, with the poll's own ids left out."""
    positions = {o.pk: o.position for o in poll.options.all()}
    audit = [
        (entry.actor_id, entry.action, sorted(entry.data))
        for entry in AuditEntry.objects.filter(action="polls.vote.cast").order_by("pk")
    ]
    return {
        "voters": sorted(
            PollVoter.objects.filter(poll=poll).values_list("voter_id", flat=True)
        ),
        "tallies": sorted(
            (positions[t.option_id], t.department_key, t.count)
            for t in PollTally.objects.filter(option__poll=poll)
        ),
        "choices": PollChoice.objects.filter(option__poll=poll).count(),
        "free": list(
            PollFreeAnswer.objects.filter(poll=poll).values_list("voter_id", flat=True)
        ),
        "audit": audit,
        "live": list(
            LiveEvent.objects.order_by("pk").values_list(
                "type", "actor_id", "comment_id"
            )
        ),
    }


@pytest.mark.parametrize("swap", [False, True])
def test_swapping_two_peoples_choices_leaves_the_same_traces(
    swap, alice, bob, carol, make_poll, vote
):
    """Alice → Strand, Bob → Bos, and the other way round, store the same."""
    poll = make_poll(carol, is_anonymous=True)
    first, second = ("Bos", "Strand") if swap else ("Strand", "Bos")
    vote(alice, poll, first)
    vote(bob, poll, second)
    traces = _traces(poll)
    assert traces["choices"] == 0
    assert traces["voters"] == sorted([alice.pk, bob.pk])
    # The same in both runs: nothing says who chose which.
    expected = {
        "tallies": sorted([(0, 0, 1), (1, 0, 1), (2, 0, 0)]),
        "audit": [
            (alice.pk, "polls.vote.cast", ["post_id", "results_visible"]),
            (bob.pk, "polls.vote.cast", ["post_id", "results_visible"]),
        ],
        "live": [
            ("post.created", carol.pk, None),
            ("poll.results", None, None),
            ("poll.results", None, None),
        ],
    }
    assert traces["tallies"] == expected["tallies"]
    assert traces["audit"] == expected["audit"]
    assert traces["live"] == expected["live"]


def test_counters_exist_before_any_vote(alice, bob, make_poll, vote):
    """No row is created by a vote, so row ids cannot be lined up with voters."""
    poll = make_poll(alice, is_anonymous=True)
    ids_before = set(
        PollTally.objects.filter(option__poll=poll).values_list("pk", flat=True)
    )
    vote(bob, poll, "Stad")
    assert (
        set(PollTally.objects.filter(option__poll=poll).values_list("pk", flat=True))
        == ids_before
    )


def test_the_export_of_a_voter_says_only_voted(alice, bob, make_poll, vote):
    from plein.engagement.polls.personal_data import build_polls

    poll = make_poll(alice, is_anonymous=True, allows_other=True, is_multiple=True)
    vote(bob, poll, "Strand", other="Ergens anders")
    export = build_polls(bob)
    assert export["polls_voted_in"] == [poll.pk]
    assert export["named_poll_choices"] == []
    assert export["named_poll_free_answers"] == []
    assert "Strand" not in str(export) and "Ergens" not in str(export)


def test_no_notification_names_a_choice(alice, bob, make_poll, vote):
    from plein.notifications.models import Notification

    poll = make_poll(alice, is_anonymous=True)
    vote(bob, poll, "Strand")
    assert not Notification.objects.filter(post=poll.post).exists()


def test_erasure_drops_named_choices_and_keeps_the_counts(alice, bob, make_poll, vote):
    from plein.core.personal_data import ErasureContext, Holds
    from plein.engagement.polls.personal_data import build_polls, erase_polls

    poll = make_poll(alice, allows_other=True, is_multiple=True)
    vote(bob, poll, "Bos", other="Hei")
    assert build_polls(bob)["named_poll_choices"] == [
        {"post_id": poll.pk, "option": "Bos"},
        {"post_id": poll.pk, "option": "(other)"},
    ]
    erase_polls(
        bob,
        ErasureContext(
            actor=alice,
            delete_content=False,
            holds=Holds(),
            report_purged=lambda purged: None,
        ),
    )
    assert not PollChoice.objects.filter(voter=bob).exists()
    assert PollFreeAnswer.objects.get(poll=poll).voter_id is None
    assert (
        sum(PollTally.objects.filter(option__poll=poll).values_list("count", flat=True))
        == 2
    )
