"""Builders for poll and quiz tests: everything through the actions."""

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from plein.people.actions import do_create_api_token


@pytest.fixture(autouse=True)
def _english() -> Any:
    """These tests read English text: the personas and the thread speak it."""
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
def make_poll(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """Publish a poll; returns its ``Poll`` (with ``.post``)."""
    from plein.engagement.polls.actions import check_create_poll
    from plein.engagement.polls.models import Poll

    def make(author: Any, question: str = "Waar gaan we heen?", **kwargs: Any) -> Any:
        kwargs.setdefault("options", ["Strand", "Bos", "Stad"])
        post = run_on_commit(check_create_poll, author, question=question, **kwargs)
        return Poll.objects.select_related("post__group").get(pk=post.pk)

    return make


@pytest.fixture
def vote(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """Vote by option labels (and an optional free answer)."""
    from plein.engagement.polls.actions import check_vote

    def cast(person: Any, poll: Any, *labels: str, other: str = "") -> None:
        ids = [o.pk for o in poll.options.all() if o.text in labels]
        run_on_commit(check_vote, person, poll, option_ids=ids, other=other)

    return cast


@pytest.fixture
def make_quiz(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.engagement.polls.actions import check_create_quiz
    from plein.engagement.polls.models import Quiz

    def make(author: Any, **kwargs: Any) -> Any:
        kwargs.setdefault(
            "questions",
            [
                {
                    "text": "Hoeveel provincies heeft Nederland?",
                    "options": ["10", "12", "14"],
                    "correct": [1],
                    "explanation": "Flevoland werd de twaalfde in 1986.",
                },
                {
                    "text": "Welke zijn kleuren van de vlag?",
                    "options": ["rood", "wit", "groen", "blauw"],
                    "correct": [0, 1, 3],
                },
            ],
        )
        post = run_on_commit(
            check_create_quiz, author, intro="Test je kennis", **kwargs
        )
        return Quiz.objects.select_related("post").get(pk=post.pk)

    return make


class Api:
    def __init__(self, person: Any) -> None:
        self.client = Client()
        token = do_create_api_token(person)[1]
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, data: Any = None) -> Any:
        return self.client.get(f"/api/v1{path}", data, headers=self.headers)

    def post(self, path: str, data: Any = None) -> Any:
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(data if data is not None else {}),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def as_(django_capture_on_commit_callbacks: Any) -> type[Api]:
    return Api
