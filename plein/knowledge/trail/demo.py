"""Demo data: a few people share their search trail, so Anna sees two topics."""

from typing import Any

from plein.knowledge.trail.actions import check_set_opt_in, do_record_search

# (person, searches): "hypotheek" and "thuiswerken" are shared by three
# people with Anna; her "klachtenprocedure" by nobody, so it stays hidden.
SEARCHES = {
    "anna": ["hypotheek oversluiten", "thuiswerken vergoeding", "klachtenprocedure"],
    "karin.schouten": ["hypotheek oversluiten"],
    "sanne.smit": ["hypotheken rente"],
    "mila.janssen": ["thuiswerken"],
    "youssef.benali": ["vergoeding thuiswerken"],
}


def load_demo(people: dict[str, Any], groups: dict[str, Any]) -> None:
    for local, searches in SEARCHES.items():
        person = people.get(local)
        if person is None:
            continue
        check_set_opt_in(person, opted_in=True)
        for text in searches:
            do_record_search(person, text)
