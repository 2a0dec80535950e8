"""Builders for expertise tests: evidence is made through the real actions.

Accepted answers are made through the Q&A models directly (a question post
plus its ``Question`` row), so these tests do not depend on the Q&A
actions.
"""

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def en_person(make_person: Callable[..., Any]) -> Callable[..., Any]:
    """People who read Plein in English, for assertions on English text."""

    def make(name: str, **profile: Any) -> Any:
        return make_person(name, language="en", **profile)

    return make


@pytest.fixture
def accepted_answer(
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Any]:
    """A question by ``asker`` (optionally in ``group``) whose accepted answer
    is by ``answerer``; the accept event runs its handlers."""
    from django.utils import timezone

    from plein.core.events import emit_on_commit
    from plein.knowledge.qna.models import Question
    from plein.posts.actions import check_create_comment, check_create_post
    from plein.posts.models import Post

    def make(
        asker: Any,
        answerer: Any,
        *,
        title: str = "Hoe werkt de hypotheekrente?",
        tags: str = "hypotheek",
        group: Any = None,
    ) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            post = check_create_post(asker, title=title, body=title, group=group)
            Post.objects.filter(pk=post.pk).update(kind="question")
            post.refresh_from_db()
            answer = check_create_comment(answerer, post, body="Zo werkt het.")
            question = Question.objects.create(
                post=post,
                tags=tags,
                accepted_answer=answer,
                accepted_at=timezone.now(),
                accepted_by=asker,
            )
            emit_on_commit(
                "qna.answer.accepted",
                {
                    "post_id": post.pk,
                    "answer_id": answer.pk,
                    "answer_author_id": answerer.pk,
                    "group_id": post.group_id,
                },
                actor_id=asker.pk,
            )
        return question

    return make


@pytest.fixture
def wiki_page(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    from plein.knowledge.wiki.actions import check_create_page

    def make(author: Any, title: str, *, group: Any = None) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return check_create_page(author, title=title, body="Uitleg.", group=group)

    return make


@pytest.fixture
def confirm(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.knowledge.expertise.actions import check_decide_topic

    def decide(person: Any, topic: str, state: str = "confirmed") -> Any:
        return run_on_commit(check_decide_topic, person, topic, state)

    return decide


@pytest.fixture
def skilled(
    make_person: Callable[..., Any], run_on_commit: Callable[..., Any]
) -> Callable[..., Any]:
    """A person who lists ``skills`` on their profile (edited as in the app)."""
    from plein.people.actions import check_update_profile

    def make(name: str, skills: list[str], **profile: Any) -> Any:
        person = make_person(name, **profile)
        run_on_commit(check_update_profile, person, person, skills=skills)
        return person

    return make
