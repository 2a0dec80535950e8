"""Builders for the recognition tests: questions, answers, wiki pages, tokens."""

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def answer_on(make_post, run_on_commit):
    """answer_on(asker, answerer) -> (question post, answer comment)."""
    from plein.knowledge.qna.models import Question
    from plein.posts.actions import check_create_comment

    def make(asker: Any, answerer: Any, body: str = "Use the form.") -> tuple:
        post = make_post(asker, "How do I claim travel costs?")
        Question.objects.create(post=post)
        answer = run_on_commit(check_create_comment, answerer, post, body=body)
        return post, answer

    return make


@pytest.fixture
def make_page(run_on_commit):
    from plein.knowledge.wiki.actions import check_create_page

    def make(owner: Any, title: str = "Travel costs", **kwargs: Any) -> Any:
        return run_on_commit(
            check_create_page, owner, title=title, body="How to claim.", **kwargs
        )

    return make


@pytest.fixture
def api_client():
    from plein.people.actions import do_create_api_token

    def make(person: Any) -> Client:
        token = do_create_api_token(person)[1]
        return Client(headers={"Authorization": f"Bearer {token}"})

    return make
