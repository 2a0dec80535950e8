"""The post and comment forms: findings shown, text kept, justification asked."""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from plein.governance.dlp.models import DlpHit, HitAction
from plein.governance.dlp.tests.conftest import BSN_TEXT, IBAN_TEXT, MARKER_TEXT
from plein.posts.models import Comment, Post, Withheld

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_blocked_post_keeps_the_text_and_shows_the_finding(alice: Any) -> None:
    alice.language = "en"  # the assertions below read the English wording
    alice.save(update_fields=["language"])
    response = client_for(alice).post("/posts/new/", {"body": BSN_TEXT})
    assert response.status_code == 200
    html = response.content.decode()
    assert "111222333" in html  # the typed text is kept in the textarea
    assert "******333" in html
    assert "Citizen service number (BSN)" in html
    assert not Post.objects.exists()
    hit = DlpHit.objects.get()
    assert (hit.rule, hit.action, hit.person) == ("bsn", HitAction.BLOCKED, alice)


def test_blocked_post_with_htmx_rerenders_the_composer(alice: Any) -> None:
    response = client_for(alice).post(
        "/posts/new/", {"body": BSN_TEXT}, headers={"HX-Request": "true"}
    )
    assert response["HX-Retarget"] == "#composer"
    assert "******333" in response.content.decode()
    assert not Post.objects.exists()


def test_warning_asks_for_a_reason_then_publishes(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(alice)
    response = client.post("/posts/new/", {"body": MARKER_TEXT})
    html = response.content.decode()
    assert 'name="justification"' in html
    assert "Strikt vertrouwelijk" in html
    assert not Post.objects.exists()
    assert DlpHit.objects.get().action == HitAction.WARNED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/posts/new/",
            {"body": MARKER_TEXT, "justification": "Mag met iedereen gedeeld."},
        )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.withheld_at is None
    hit = DlpHit.objects.get(action=HitAction.WARNED_PUBLISHED)
    assert hit.object_id == post.pk
    assert hit.justification == "Mag met iedereen gedeeld."


def test_held_post_tells_the_author(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(
            "/posts/new/", {"body": IBAN_TEXT}, follow=True
        )
    post = Post.objects.get()
    assert post.withheld_reason == Withheld.REVIEW
    assert "awaits review" in response.content.decode()


def test_held_post_with_htmx_shows_the_notice_in_the_composer(
    alice: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(alice).post(
            "/posts/new/", {"body": IBAN_TEXT}, headers={"HX-Request": "true"}
        )
    assert "awaits review" in response.content.decode()
    assert Post.objects.get().withheld_reason == Withheld.REVIEW


def test_edit_is_checked(alice: Any, make_post: Callable[..., Any]) -> None:
    post = make_post(alice, body="Eerste versie")
    response = client_for(alice).post(
        f"/posts/{post.pk}/edit/", {"body": "Tweede versie, " + BSN_TEXT}
    )
    assert response.status_code == 200
    assert "******333" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Eerste versie"
    assert DlpHit.objects.get().place == "post"


def test_comment_blocked_keeps_text(
    alice: Any, bob: Any, make_post: Callable[..., Any]
) -> None:
    post = make_post(alice)
    response = client_for(bob).post(
        f"/posts/{post.pk}/comments/", {"body": "Mijn bsn: 123 456 782"}
    )
    html = response.content.decode()
    assert "123 456 782" in html
    assert "*** *** 782" in html
    assert not Comment.objects.exists()
    assert DlpHit.objects.get().place == "comment"


def test_comment_warning_then_justification(
    alice: Any,
    bob: Any,
    make_post: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    post = make_post(alice)
    client = client_for(bob)
    response = client.post(
        f"/posts/{post.pk}/comments/",
        {"body": "Dit is vertrouwelijk"},
        headers={"HX-Request": "true"},
    )
    assert 'name="justification"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/posts/{post.pk}/comments/",
            {"body": "Dit is vertrouwelijk", "justification": "Iedereen weet het al"},
        )
    assert Comment.objects.get().withheld_at is None


def test_comment_edit_is_checked(
    alice: Any, bob: Any, make_post: Callable[..., Any], run_on_commit: Any
) -> None:
    from plein.posts.actions import check_create_comment

    post = make_post(alice)
    comment = run_on_commit(check_create_comment, bob, post, body="Prima")
    response = client_for(bob).post(
        f"/comments/{comment.pk}/edit/", {"body": "Pas 5555 5555 5555 4444"}
    )
    assert "**** **** **** 4444" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Prima"


def test_held_comment_with_htmx_says_it_awaits_review(
    alice: Any,
    bob: Any,
    make_post: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    post = make_post(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(bob).post(
            f"/posts/{post.pk}/comments/",
            {"body": IBAN_TEXT},
            headers={"HX-Request": "true"},
        )
    assert "awaits review" in response.content.decode()
    assert response["HX-Retarget"] == f"#comment-form-{post.pk}"
    assert Comment.objects.get().withheld_reason == Withheld.REVIEW
