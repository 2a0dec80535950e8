"""Personas and an API client for the API tests.

alice and bob are ordinary colleagues, mod is an organisation moderator.
Every persona gets a personal access token; ``call`` sends a JSON request
with it and returns the response.
"""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from plein.access.roles import GroupKind, Role
from plein.groups.actions import check_create_group
from plein.people.actions import do_create_api_token, do_create_person
from plein.posts.actions import check_create_post

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    # Rate-limit counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


class Persona:
    def __init__(self, user: Any, token: str) -> None:
        self.user = user
        self.token = token
        self.pk = user.pk

    def call(
        self,
        method: str,
        path: str,
        data: Any = None,
        *,
        raw: str | None = None,
        **extra: Any,
    ) -> Any:
        client = Client()
        body = (
            raw if raw is not None else (json.dumps(data) if data is not None else "")
        )
        kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {self.token}", **extra}
        if method.lower() == "get":
            return client.get(f"/api/v1{path}", data or {}, **kwargs)
        return getattr(client, method.lower())(
            f"/api/v1{path}", body, content_type="application/json", **kwargs
        )

    def get(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.call("get", path, data, **extra)

    def post(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.call("post", path, data, **extra)

    def patch(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.call("patch", path, data, **extra)

    def delete(self, path: str, data: Any = None, **extra: Any) -> Any:
        return self.call("delete", path, data, **extra)


@pytest.fixture
def make_persona(db: Any) -> Callable[..., Persona]:
    def make(name: str, **kwargs: Any) -> Persona:
        user = do_create_person(
            email=f"{name}@example.org",
            full_name=name.title(),
            password=PASSWORD,
            **kwargs,
        )
        _token, raw = do_create_api_token(user)
        return Persona(user, raw)

    return make


@pytest.fixture
def alice(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("alice")


@pytest.fixture
def bob(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("bob")


@pytest.fixture
def mod(make_persona: Callable[..., Persona]) -> Persona:
    return make_persona("mod", role=Role.MODERATOR)


@pytest.fixture
def make_group(db: Any) -> Callable[..., Any]:
    def make(owner: Persona, name: str, kind: str = GroupKind.OPEN) -> Any:
        return check_create_group(owner.user, name=name, kind=kind)

    return make


@pytest.fixture
def make_post(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Publish through the action and run its after-commit delivery."""

    def make(author: Persona, body: str = "Hallo allemaal", **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return check_create_post(author.user, body=body, **kwargs)

    return make


def assert_error(
    response: Any, status: int, code: str, field: str | None = None
) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert body["detail"]
    if field is not None:
        assert body.get("field") == field, body
    return body
