"""Results per department: no shown cell under 5, none found by subtraction."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from plein.engagement.polls.actions import do_close_poll
from plein.engagement.polls.models import OTHER_DEPARTMENT
from plein.engagement.polls.queries import build_breakdown, get_poll_state
from plein.people.models import Department

A, B = 1, 2


def test_a_department_with_a_small_cell_is_merged_into_other():
    counts = {
        10: {A: 7, B: 6},  # shown
        11: {A: 9, B: 5},  # shown
        12: {A: 3, B: 8},  # A under 5: merged
        13: {A: 6, B: 4},  # B under 5: merged
    }
    columns = build_breakdown(counts, [A, B])
    assert [(keys, cells, rest) for keys, cells, rest in columns] == [
        ([10], [7, 6], False),
        ([11], [9, 5], False),
        ([12, 13], [9, 12], True),
    ]


def test_a_single_small_remainder_pulls_in_the_smallest_shown_department():
    # Total minus department 10 would give department 12's 3 votes for A.
    counts = {10: {A: 20, B: 20}, 11: {A: 6, B: 5}, 12: {A: 3, B: 1}}
    columns = build_breakdown(counts, [A, B])
    assert columns == [([10], [20, 20], False), ([11, 12], [9, 6], True)]


def test_no_breakdown_when_it_cannot_be_made_safe():
    assert build_breakdown({10: {A: 7, B: 7}, 11: {A: 1, B: 0}}, [A, B]) == []
    # One department alone would only repeat the total.
    assert build_breakdown({10: {A: 7, B: 7}}, [A, B]) == []


def test_zero_is_a_small_cell_too():
    """0 votes says that nobody there chose it: not shown on its own."""
    counts = {10: {A: 12, B: 0}, 11: {A: 6, B: 5}, 12: {A: 5, B: 9}}
    columns = build_breakdown(counts, [A, B])
    assert ([10], [12, 0], False) not in columns
    assert all(c >= 5 for _keys, cells, _rest in columns for c in cells)


@pytest.mark.parametrize("seed", range(300))
def test_random_results_never_show_or_leak_a_cell_under_five(seed):
    rng = random.Random(seed)
    options = [1, 2, 3][: rng.randint(2, 3)]
    counts = {
        key: {o: rng.choice([0, 1, 2, 4, 5, 6, 9, 15]) for o in options}
        for key in [OTHER_DEPARTMENT, *range(10, 10 + rng.randint(1, 6))]
    }
    columns = build_breakdown(counts, options)
    if not columns:
        return
    assert len(columns) >= 2
    total = [sum(counts[k][o] for k in counts) for o in options]
    # Every shown cell has 5 or more.
    assert all(c >= 5 for _keys, cells, _rest in columns for c in cells)
    # Subtracting every department shown on its own from the total gives
    # the "other" column, which itself has 5 or more per cell (or no votes).
    shown = [cells for _keys, cells, rest in columns if not rest]
    remainder = [t - sum(col[i] for col in shown) for i, t in enumerate(total)]
    rest = [cells for _keys, cells, is_rest in columns if is_rest]
    assert remainder == (rest[0] if rest else [0] * len(options))
    assert all(c >= 5 for c in remainder) or sum(remainder) == 0
    # And a merged column never hides a single department's small cells.
    for keys, cells, is_rest in columns:
        if is_rest and len(keys) == 1:
            assert all(c >= 5 for c in cells)


@pytest.mark.django_db
def test_the_poll_shows_departments_only_once_closed_and_safe(
    alice, make_person, make_poll, vote
):
    sales = Department.objects.create(name="Verkoop", slug="verkoop")
    legal = Department.objects.create(name="Juridisch", slug="juridisch")
    tiny = Department.objects.create(name="Klein", slug="klein")
    sellers = [make_person(department=sales) for _ in range(12)]
    lawyers = [make_person(department=legal) for _ in range(6)]
    few = [make_person(department=tiny) for _ in range(2)]
    poll = make_poll(
        alice,
        options=["Ja", "Nee"],
        is_anonymous=True,
        closes_at=timezone.now() + timedelta(days=1),
    )
    for index, person in enumerate(sellers):
        vote(person, poll, "Ja" if index < 6 else "Nee")
    for person in lawyers:
        vote(person, poll, "Ja")
    for person in few:
        vote(person, poll, "Nee")
    state = get_poll_state(alice, poll)
    assert state.results_visible and state.breakdown == []
    do_close_poll(poll.pk)
    poll.refresh_from_db()
    state = get_poll_state(alice, poll)
    # Legal's "Nee" is 0 and the tiny team has 2 people: both are merged,
    # and with them the remainder has 6 for Ja and 2 for Nee — still under 5 —
    # so there is no safe breakdown at all.
    assert state.breakdown == []
    # Five more votes against from people in no department make it safe.
    for person in [make_person() for _ in range(5)]:
        poll.closed_at = None
        poll.save(update_fields=["closed_at"])
        vote(person, poll, "Nee")
    do_close_poll(poll.pk)
    poll.refresh_from_db()
    state = get_poll_state(alice, poll)
    assert [(c.name, c.counts) for c in state.breakdown] == [
        ("Verkoop", [6, 6]),
        ("Other departments", [6, 7]),
    ]
