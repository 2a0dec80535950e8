"""Builders for announcement tests: departments and announcements."""

from collections.abc import Callable
from typing import Any

import pytest

from plein.announcements.actions import check_require_readers
from plein.people.models import Department


@pytest.fixture
def make_department(db: Any) -> Callable[..., Department]:
    def make(name: str, parent: Department | None = None) -> Department:
        return Department.objects.create(
            name=name, slug=name.lower().replace(" ", "-"), parent=parent
        )

    return make


@pytest.fixture
def announce(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """Name required readers through the action, notifications included."""

    def make(author: Any, post: Any, people: Any = (), **kwargs: Any) -> Any:
        return run_on_commit(
            check_require_readers, author, post, people=list(people), **kwargs
        )

    return make
