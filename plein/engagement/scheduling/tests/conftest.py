"""Builders for scheduling tests: everything through the actions."""

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from plein.people.actions import do_create_api_token


@pytest.fixture(autouse=True)
def _english() -> Any:
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def alice(make_person: Callable[..., Any]) -> Any:
    return make_person(
        "Alice de Vries", email="alice@plein.test", handle="alice", language="en"
    )


@pytest.fixture
def bob(make_person: Callable[..., Any]) -> Any:
    return make_person(
        "Bob Jansen", email="bob@plein.test", handle="bob", language="en"
    )


@pytest.fixture
def carol(make_person: Callable[..., Any]) -> Any:
    return make_person(
        "Carol Bakker", email="carol@plein.test", handle="carol", language="en"
    )


@pytest.fixture
def soon() -> Any:
    return timezone.now() + timedelta(hours=2)


@pytest.fixture
def schedule(run_on_commit: Callable[..., Any], soon: Any) -> Callable[..., Any]:
    """Schedule (or with ``at=None`` draft) ``data`` for ``author``."""
    from plein.engagement.scheduling.actions import check_save_scheduled

    def make(
        author: Any, data: dict[str, Any], *, source: str = "post", at: Any = ...
    ) -> Any:
        when = soon if at is ... else at
        return run_on_commit(
            check_save_scheduled,
            author,
            source=source,
            data=data,
            schedule=when is not None,
            publish_at=when,
        )

    return make


@pytest.fixture
def publish_due(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """Run the job as at ``now`` (default: three hours from now)."""
    from plein.engagement.scheduling.actions import do_publish_due

    def run(now: Any = None) -> int:
        return run_on_commit(do_publish_due, now or timezone.now() + timedelta(hours=3))

    return run


class Api:
    def __init__(self, person: Any) -> None:
        self.client = Client()
        token = do_create_api_token(person)[1]
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, data: Any = None) -> Any:
        return self.client.get(f"/api/v1{path}", data, headers=self.headers)

    def send(self, method: str, path: str, data: Any = None) -> Any:
        return getattr(self.client, method)(
            f"/api/v1{path}",
            json.dumps(data if data is not None else {}),
            content_type="application/json",
            headers=self.headers,
        )

    def post(self, path: str, data: Any = None) -> Any:
        return self.send("post", path, data)

    def patch(self, path: str, data: Any = None) -> Any:
        return self.send("patch", path, data)

    def delete(self, path: str) -> Any:
        return self.client.delete(f"/api/v1{path}", headers=self.headers)


@pytest.fixture
def as_(django_capture_on_commit_callbacks: Any) -> type[Api]:
    return Api
