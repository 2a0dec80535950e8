"""An organisation with departments of every size, and a survey for it."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from plein.people.actions import do_create_api_token
from plein.people.models import Department


@dataclass
class Org:
    departments: dict[str, Department]
    people: dict[str, list[Any]] = field(default_factory=dict)

    def everyone(self) -> list[Any]:
        return [p for group in self.people.values() for p in group]


@pytest.fixture
def org(make_person: Callable[..., Any]) -> Org:
    """Sales (3 own) with North (7) and South (2); IT (6); Legal (2)."""
    sales = Department.objects.create(name="Sales", slug="sales")
    north = Department.objects.create(name="Sales North", slug="north", parent=sales)
    south = Department.objects.create(name="Sales South", slug="south", parent=sales)
    it = Department.objects.create(name="IT", slug="it")
    legal = Department.objects.create(name="Legal", slug="legal")
    departments = {
        "sales": sales,
        "north": north,
        "south": south,
        "it": it,
        "legal": legal,
    }
    sizes = {"sales": 3, "north": 7, "south": 2, "it": 6, "legal": 2}
    world = Org(departments)
    for key, size in sizes.items():
        world.people[key] = [
            make_person(f"{key.title()} Person{i}", department=departments[key])
            for i in range(size)
        ]
    return world


@pytest.fixture
def make_survey(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.engagement.surveys.actions import check_create_survey

    def make(actor: Any, **fields: Any) -> Any:
        fields.setdefault("title", "Monthly pulse")
        fields.setdefault("questions", ["I know what is expected of me"])
        fields.setdefault("comment_prompt", "What would make your work better?")
        fields.setdefault("is_organisation_wide", True)
        fields.setdefault("starts_at", timezone.now() - timedelta(minutes=1))
        return run_on_commit(check_create_survey, actor, **fields)

    return make


@pytest.fixture
def answer() -> Callable[..., Any]:
    from plein.engagement.surveys.actions import check_submit_response

    def give(
        person: Any, round_: Any, enps: int = 8, score: int = 4, **kw: Any
    ) -> None:
        scores = {str(q.pk): score for q in round_.survey.questions.all()}
        check_submit_response(person, round_, enps=enps, scores=scores, **kw)

    return give


def api_client(user: Any) -> Client:
    _token, raw = do_create_api_token(user)
    return Client(headers={"Authorization": f"Bearer {raw}"})
