"""Merging small groups upward: pure functions, no database."""

from plein.engagement.surveys.models import OTHER_UNIT
from plein.engagement.surveys.units import common_partition, merge_units

PARENTS = {"d1": None, "d2": "d1", "d3": "d1", "d4": None, "d5": None}


def test_small_child_merges_into_its_parent_and_big_ones_stay():
    units = merge_units({"d1": 3, "d2": 7, "d3": 2, "d4": 6, "d5": 5}, PARENTS, 5)
    assert units == {"d1": "d1", "d2": "d2", "d3": "d1", "d4": "d4", "d5": "d5"}


def test_small_top_level_department_joins_the_others_and_they_grow_to_the_minimum():
    units = merge_units({"d1": 0, "d2": 7, "d3": 2, "d4": 6, "d5": 2}, PARENTS, 5)
    # d3 (2) goes to d1 (2 < 5), d1 and d5 to the others (4 < 5): the smallest
    # unit left (d4, 6) joins them.
    assert units["d2"] == "d2"
    assert {units["d3"], units["d5"], units["d4"]} == {OTHER_UNIT}


def test_every_unit_counts_at_least_the_minimum_and_they_add_up():
    counts = {"d1": 1, "d2": 4, "d3": 9, "d4": 1, "d5": 5, OTHER_UNIT: 3}
    units = merge_units(counts, PARENTS, 5)
    totals: dict[str, int] = {}
    for key, unit in units.items():
        totals[unit] = totals.get(unit, 0) + counts[key]
    assert all(total >= 5 for total in totals.values() if total)
    assert sum(totals.values()) == sum(counts.values())


def test_fewer_than_the_minimum_in_all_gives_no_units():
    assert merge_units({"d1": 2, "d2": 2}, PARENTS, 5) == {}


def test_a_key_counting_nobody_maps_to_its_ancestors_unit():
    units = merge_units({"d1": 5, "d2": 0, "d4": 5}, PARENTS, 5)
    assert units["d2"] == "d1"


def test_common_partition_joins_what_any_round_joined():
    parts = common_partition([[{"a", "b"}, {"c"}, {"d"}], [{"a"}, {"b"}, {"c", "d"}]])
    assert parts == [{"a", "b"}, {"c", "d"}]
