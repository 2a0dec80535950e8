"""A small organisation for the insights tests, with hand-countable activity."""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import timezone

from plein.groups.models import Group, Membership
from plein.insights.activity import day_start, forget_seen, org_day
from plein.people.models import Department, User


@pytest.fixture(autouse=True)
def _forget_seen() -> Iterator[None]:
    # The process remembers who it recorded today; tests roll back.
    forget_seen()
    yield
    forget_seen()


@dataclass
class World:
    departments: dict[str, Department]
    people: dict[str, list[Any]] = field(default_factory=dict)
    groups: dict[str, Any] = field(default_factory=dict)

    @property
    def yesterday(self) -> datetime.date:
        return org_day() - datetime.timedelta(days=1)

    def at(
        self, day: datetime.date, hour: int = 10, minute: int = 0
    ) -> datetime.datetime:
        return day_start(day) + datetime.timedelta(hours=hour, minutes=minute)


@pytest.fixture
def world(make_person: Callable[..., Any], make_group: Callable[..., Any]) -> World:
    """IT (6 people), Sales (6), Legal (2, below the minimum); two groups."""
    departments = {
        key: Department.objects.create(name=name, slug=key)
        for key, name in (("it", "IT"), ("sales", "Sales"), ("legal", "Legal"))
    }
    w = World(departments)
    for key, size in (("it", 6), ("sales", 6), ("legal", 2)):
        w.people[key] = [
            make_person(f"{key.title()} P{i}", department=departments[key])
            for i in range(size)
        ]
    owner = w.people["it"][0]
    w.groups["open"] = make_group(
        owner,
        "Hypotheken",
        members=(*w.people["it"][1:4], *w.people["sales"][:2]),
    )
    w.groups["small"] = make_group(owner, "Klein", members=(w.people["it"][1],))
    w.groups["secret"] = make_group(
        w.people["sales"][0],
        "Noordster",
        kind="secret",
        members=tuple(w.people["sales"][1:5]),
    )
    # Everyone and every group has been there for two months.
    long_ago = timezone.now() - datetime.timedelta(days=60)
    User.objects.update(date_joined=long_ago)
    Group.objects.update(created_at=long_ago)
    Membership.objects.update(created_at=long_ago)
    return w


def backdate(obj: Any, moment: datetime.datetime) -> None:
    """Move a post or comment in time (tests only: content has no such door)."""
    type(obj).objects.filter(pk=obj.pk).update(created_at=moment)
    obj.created_at = moment
