"""Builders for kudos tests: values and kudos through the actions."""

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def make_value(admin: Any, run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.engagement.kudos.actions import check_create_value

    counter = {"n": 0}

    def make(nl: str | None = None, en: str | None = None, **kwargs: Any) -> Any:
        counter["n"] += 1
        return run_on_commit(
            check_create_value,
            admin,
            name_nl=nl or f"Waarde {counter['n']}",
            name_en=en or f"Value {counter['n']}",
            **kwargs,
        )

    return make


@pytest.fixture
def value(make_value: Callable[..., Any]) -> Any:
    return make_value(
        "Samen sterker",
        "Stronger together",
        description_nl="We helpen elkaar.",
        description_en="We help each other.",
    )


@pytest.fixture
def give(value: Any, run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.engagement.kudos.actions import check_give_kudos

    def make(giver: Any, people: Any = (), **kwargs: Any) -> Any:
        kwargs.setdefault("value", value)
        kwargs.setdefault("message", "Dank je wel voor je hulp!")
        return run_on_commit(check_give_kudos, giver, people=list(people), **kwargs)

    return make


@pytest.fixture
def subject() -> Callable[..., Any]:
    """A Subject for an object the giver may see, through the gatekeeper."""
    from plein.access.kudos import access_kudos_subject
    from plein.engagement.kudos.actions import Subject

    def make(giver: Any, kind: str, obj: Any) -> Any:
        return Subject(kind, access_kudos_subject(giver, kind, obj.pk))

    return make
