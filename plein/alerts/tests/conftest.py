"""Builders for the alert tests."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from plein.alerts.matching import forget_alert_index


@pytest.fixture(autouse=True)
def _fresh_index() -> Iterator[None]:
    # The index lives in the process; each test's database starts empty.
    forget_alert_index()
    yield
    forget_alert_index()


@pytest.fixture
def make_alert(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    from plein.alerts.actions import check_create_alert

    def make(user: Any, query: str, name: str = "Alert", **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return check_create_alert(user, name=name, query=query, **kwargs)

    return make


@pytest.fixture
def make_comment(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    from plein.posts.actions import check_create_comment

    def make(author: Any, post: Any, body: str) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return check_create_comment(author, post, body=body)

    return make


@pytest.fixture
def alert_notifications() -> Callable[..., Any]:
    from plein.notifications.models import Notification

    def rows(user: Any) -> list[Any]:
        return list(
            Notification.objects.filter(recipient=user, kind="alert").order_by("id")
        )

    return rows
