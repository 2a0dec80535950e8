"""The review queue: 404 for non-reviewers, release and reject recorded."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from plein.access.posts import can_view_post
from plein.core.events import capture_events
from plein.governance.dlp.models import DlpHit, HitAction
from plein.governance.dlp.tests.conftest import IBAN_TEXT
from plein.posts.actions import check_create_comment, check_create_post
from plein.posts.models import Comment, Post

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def held_post(alice: Any, run_on_commit: Callable[..., Any]) -> Post:
    return run_on_commit(check_create_post, alice, body=IBAN_TEXT)


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_queue_is_404_for_non_reviewers(
    persona: str, request: Any, held_post: Post
) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get("/dlp/review/").status_code == 404
    assert 'href="/dlp/review/"' not in client.get("/").content.decode()
    response = client.post(
        f"/dlp/review/post/{held_post.pk}/",
        {f"post-{held_post.pk}-decision": "release"},
    )
    assert response.status_code == 404
    held_post.refresh_from_db()
    assert held_post.withheld_at is not None


@pytest.mark.parametrize("persona", ["moderator", "admin"])
def test_reviewers_see_held_items_with_findings(
    persona: str, request: Any, held_post: Post
) -> None:
    user = request.getfixturevalue(persona)
    response = client_for(user).get("/dlp/review/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"held-post-{held_post.pk}" in html
    assert "NL91 **** **** 4300" in html
    assert 'href="/dlp/review/"' in html  # the header links reviewers here


def test_release_delivers_and_records(
    held_post: Post, bob: Any, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert not can_view_post(bob, held_post)
    with capture_events() as events, django_capture_on_commit_callbacks(execute=True):
        response = client_for(moderator).post(
            f"/dlp/review/post/{held_post.pk}/",
            {
                f"post-{held_post.pk}-decision": "release",
                f"post-{held_post.pk}-note": "",
            },
        )
    assert response.status_code == 302
    held_post.refresh_from_db()
    assert held_post.withheld_at is None
    assert can_view_post(bob, held_post)
    hit = DlpHit.objects.get()
    assert hit.action == HitAction.RELEASED
    assert hit.reviewed_by == moderator
    assert hit.reviewed_at is not None
    reviewed = [e for e in events if e.name == "dlp.hit.reviewed"]
    assert reviewed[0].payload["outcome"] == "released"
    assert reviewed[0].actor_id == moderator.pk
    # The author hears the outcome, not who reviewed.
    from plein.notifications.models import Notification

    told = Notification.objects.get(recipient_id=held_post.author_id)
    assert told.kind == "moderation" and told.key.startswith("moderation:released")
    assert told.actor_id is None and told.post_id == held_post.pk


def test_reject_needs_a_note_then_deletes(
    held_post: Post, moderator: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(moderator)
    url = f"/dlp/review/post/{held_post.pk}/"
    client.post(url, {f"post-{held_post.pk}-decision": "reject"})
    held_post.refresh_from_db()
    assert held_post.deleted_at is None
    assert DlpHit.objects.get().action == HitAction.HELD
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                f"post-{held_post.pk}-decision": "reject",
                f"post-{held_post.pk}-note": "Rekeningnummer van een klant.",
            },
        )
    held_post.refresh_from_db()
    assert held_post.deleted_at is not None
    hit = DlpHit.objects.get()
    assert hit.action == HitAction.REJECTED
    assert hit.review_note == "Rekeningnummer van een klant."
    # Reviewed items leave the queue.
    assert (
        f"held-post-{held_post.pk}" not in client.get("/dlp/review/").content.decode()
    )


def test_held_comment_is_reviewed(
    alice: Any,
    bob: Any,
    carol: Any,
    moderator: Any,
    make_post: Callable[..., Any],
    run_on_commit: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    post = make_post(alice)
    comment = run_on_commit(check_create_comment, bob, post, body=IBAN_TEXT)
    assert comment.withheld_at is not None
    client = client_for(moderator)
    assert f"held-comment-{comment.pk}" in client.get("/dlp/review/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/dlp/review/comment/{comment.pk}/",
            {f"comment-{comment.pk}-decision": "release"},
        )
    assert Comment.objects.get(pk=comment.pk).withheld_at is None


def test_held_post_in_a_secret_group_is_not_shown_to_outside_reviewers(
    alice: Any,
    moderator: Any,
    make_group: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:
    group = make_group(alice, "Geheim", kind="secret")
    post = run_on_commit(check_create_post, alice, body=IBAN_TEXT, group=group)
    client = client_for(moderator)
    assert f"held-post-{post.pk}" not in client.get("/dlp/review/").content.decode()
    response = client.post(
        f"/dlp/review/post/{post.pk}/", {f"post-{post.pk}-decision": "release"}
    )
    assert response.status_code == 404
