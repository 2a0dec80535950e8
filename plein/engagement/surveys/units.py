"""Reporting units: departments merged upward until each is big enough.

Pure functions, no database. A *node* is a unit key ("d12" for department
12, ``OTHER_UNIT`` for everyone else) with a count and a parent key. A node
counting fewer than the minimum is merged into its parent (departments have
parents), a top-level one into the other departments; if the other
departments are then still too few (but not none), the smallest unit left
joins them, again and again. The result is a partition in which every unit
that counts anyone counts at least the minimum, so the whole is the sum of
what is shown: nothing is hidden, so nothing can be found by subtracting.
Fewer than the minimum in all: no unit at all.
"""

from collections import defaultdict
from collections.abc import Mapping

from plein.engagement.surveys.models import OTHER_UNIT


def department_key(department_id: int | None) -> str:
    return OTHER_UNIT if department_id is None else f"d{department_id}"


def _depth(key: str, parent_of: Mapping[str, str | None]) -> int:
    depth, seen = 0, {key}
    parent = parent_of.get(key)
    while parent is not None and parent not in seen:
        seen.add(parent)
        depth += 1
        parent = parent_of.get(parent)
    return depth


def _resolve(key: str, into: Mapping[str, str]) -> str:
    seen = {key}
    while key in into and into[key] not in seen:
        key = into[key]
        seen.add(key)
    return key


def merge_units(
    counts: Mapping[str, int],
    parent_of: Mapping[str, str | None],
    minimum: int,
) -> dict[str, str]:
    """Map every key of ``counts`` to the unit it is reported in.

    ``parent_of`` gives each key's parent key (None at the top; keys without
    a count may appear as parents and receive what is merged into them).
    Keys counting nobody map to the unit of their nearest ancestor that is
    one, else to the other departments. Returns {} when the total is below
    ``minimum``: then nothing may be shown.
    """
    total = sum(counts.values())
    if total < minimum:
        return {}
    nodes: set[str] = set(counts)
    for key in list(counts):
        parent = parent_of.get(key)
        while parent is not None and parent not in nodes:
            nodes.add(parent)
            parent = parent_of.get(parent)
    nodes.discard(OTHER_UNIT)
    totals: dict[str, int] = defaultdict(int)
    for key, count in counts.items():
        totals[key] += count
    into: dict[str, str] = {}
    # Deepest first, so a parent has received its small children before it
    # is itself judged.
    for node in sorted(nodes, key=lambda k: (-_depth(k, parent_of), k)):
        if 0 < totals[node] < minimum:
            parent = parent_of.get(node)
            destination = parent if parent is not None else OTHER_UNIT
            totals[destination] += totals[node]
            totals[node] = 0
            into[node] = destination
    while 0 < totals[OTHER_UNIT] < minimum:
        shown = [k for k, v in totals.items() if k != OTHER_UNIT and v > 0]
        if not shown:
            break  # unreachable: the total is at least the minimum
        smallest = min(shown, key=lambda k: (totals[k], k))
        totals[OTHER_UNIT] += totals[smallest]
        totals[smallest] = 0
        into[smallest] = OTHER_UNIT
    result: dict[str, str] = {}
    for key in counts:
        unit = _resolve(key, into)
        # A key counting nobody climbs to an ancestor that is a unit.
        seen = {unit}
        while totals[unit] == 0 and unit != OTHER_UNIT:
            parent = parent_of.get(unit)
            unit = (
                _resolve(parent, into)
                if parent is not None and parent not in seen
                else OTHER_UNIT
            )
            seen.add(unit)
        result[key] = unit
    return result


def common_partition(rounds: list[list[set[str]]]) -> list[set[str]]:
    """The finest partition coarser than each round's units (for trends).

    Each round is a list of its units, each a set of members (department
    keys). Members that shared a unit in any round end up together, so every
    round's figures for a part are a sum of that round's whole units.
    """
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for units in rounds:
        for unit in units:
            members = sorted(unit)
            for member in members:
                find(member)
            for member in members[1:]:
                parent[find(member)] = find(members[0])
    parts: dict[str, set[str]] = defaultdict(set)
    for item in list(parent):
        parts[find(item)].add(item)
    return sorted(parts.values(), key=lambda part: sorted(part))
