"""Builders for wall tests: the switch, an offer and its approval, the API."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def wall_on(db: Any) -> Any:
    """The site-wide switch, on."""
    from plein.branding.wall.models import WallSettings

    return WallSettings.objects.update_or_create(pk=1, defaults={"is_enabled": True})[0]


@pytest.fixture
def offer(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """The author offers a post through the actions; its wall row."""
    from plein.access.wall import access_wall_offer
    from plein.branding.wall.actions import check_offer_post

    def make(post: Any, *, offered: bool = True) -> Any:
        fresh = access_wall_offer(post.author, post.pk)
        return run_on_commit(check_offer_post, post.author, fresh, offered=offered)

    return make


@pytest.fixture
def decide(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """Communications decide on an offer through the actions."""
    from plein.access.wall import access_wall_item_for_review
    from plein.branding.wall.actions import check_decide_wall_item

    def make(reviewer: Any, post: Any, *, approve: bool = True, note: str = "") -> Any:
        item = access_wall_item_for_review(reviewer, post.pk)
        return run_on_commit(
            check_decide_wall_item, reviewer, item, approve=approve, note=note
        )

    return make


@pytest.fixture
def approved(
    make_post: Callable[..., Any],
    offer: Callable[..., Any],
    decide: Callable[..., Any],
    moderator: Any,
) -> Callable[..., Any]:
    """A post by ``author``, offered and approved: ``approved(author, body)``."""

    def make(author: Any, body: str = "Zonnig nieuws van ons team.", **kw: Any) -> Any:
        post = make_post(author, body, **kw)
        offer(post)
        decide(moderator, post)
        return post

    return make


class Api:
    """The API as a person with a token."""

    def __init__(self, person: Any) -> None:
        from plein.people.actions import do_create_api_token

        self.client = Client()
        self.headers = {"Authorization": f"Bearer {do_create_api_token(person)[1]}"}

    def get(self, path: str, data: Any = None) -> Any:
        return self.client.get(f"/api/v1{path}", data, headers=self.headers)

    def post(self, path: str, data: Any) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(data),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def api() -> Callable[[Any], Api]:
    return Api
