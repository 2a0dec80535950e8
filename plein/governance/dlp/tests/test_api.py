"""The API: 400 JSON with code and findings, an optional justification."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from plein.governance.dlp.models import DlpHit, HitAction
from plein.governance.dlp.tests.conftest import BSN_TEXT, IBAN_TEXT, MARKER_TEXT
from plein.people.actions import do_create_api_token
from plein.posts.models import Comment, Post, Withheld

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def api(user: Any) -> Callable[..., Any]:
    _token, raw = do_create_api_token(user)

    def call(method: str, path: str, data: dict) -> Any:
        return getattr(Client(), method)(
            f"/api/v1{path}",
            json.dumps(data),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )

    return call


def test_blocked_post_answers_400_with_findings(alice: Any) -> None:
    response = api(alice)("post", "/posts", {"body": BSN_TEXT})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "leak_blocked"
    assert body["field"] == "body"
    assert body["findings"][0]["rule"] == "bsn"
    assert body["findings"][0]["match"] == "******333"
    assert not Post.objects.exists()
    assert DlpHit.objects.get().action == HitAction.BLOCKED


def test_warning_then_justification(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    call = api(alice)
    response = call("post", "/posts", {"body": MARKER_TEXT})
    assert response.status_code == 400
    assert response.json()["code"] == "justification_required"
    assert response.json()["field"] == "justification"
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            "post", "/posts", {"body": MARKER_TEXT, "justification": "Al openbaar."}
        )
    assert response.status_code == 201
    hit = DlpHit.objects.get(action=HitAction.WARNED_PUBLISHED)
    assert hit.object_id == response.json()["id"]


def test_held_post_is_created_withheld(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = api(alice)("post", "/posts", {"body": IBAN_TEXT})
    assert response.status_code == 201
    assert Post.objects.get().withheld_reason == Withheld.REVIEW


def test_edit_and_comment_are_checked(
    alice: Any, bob: Any, make_post: Callable[..., Any]
) -> None:
    post = make_post(alice, body="Hallo")
    response = api(alice)("patch", f"/posts/{post.pk}", {"body": BSN_TEXT})
    assert response.json()["code"] == "leak_blocked"
    response = api(bob)("post", f"/posts/{post.pk}/comments", {"body": BSN_TEXT})
    assert response.status_code == 400
    assert not Comment.objects.exists()
    assert sorted(DlpHit.objects.values_list("place", flat=True)) == [
        "comment",
        "post",
    ]
