"""Builders for the moderation tests."""

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def make_comment(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    from plein.posts.actions import check_create_comment

    def make(author: Any, post: Any, body: str = "Een reactie") -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return check_create_comment(author, post, body=body)

    return make


@pytest.fixture
def report(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Report a post or comment through the action, running on-commit work."""
    from plein.governance.moderation.actions import check_create_report

    def make(reporter: Any, target: Any, reason: str = "spam", note: str = "") -> Any:
        from plein.posts.models import Comment

        kwargs = (
            {"comment_id": target.pk}
            if isinstance(target, Comment)
            else {"post_id": target.pk}
        )
        with django_capture_on_commit_callbacks(execute=True):
            return check_create_report(reporter, reason=reason, note=note, **kwargs)

    return make


@pytest.fixture
def decide(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    from plein.governance.moderation.actions import check_decide

    def make(
        moderator: Any, target: Any, action: str, reason: str = "Zie regels"
    ) -> Any:
        from plein.posts.models import Comment

        kwargs = (
            {"comment_id": target.pk}
            if isinstance(target, Comment)
            else {"post_id": target.pk}
        )
        with django_capture_on_commit_callbacks(execute=True):
            return check_decide(moderator, action=action, reason=reason, **kwargs)

    return make


@pytest.fixture
def crowd(make_person: Callable[..., Any]) -> list[Any]:
    """Three colleagues who report things."""
    return [make_person(f"Reporter {n}") for n in range(3)]


@pytest.fixture
def make_person(make_person: Callable[..., Any]) -> Callable[..., Any]:
    """The root factory, with English as the personas' language.

    These tests read the English wording; the Dutch catalogue is checked by
    plein/core/tests/test_translations.py.
    """

    def make(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("language", "en")
        return make_person(*args, **kwargs)

    return make
