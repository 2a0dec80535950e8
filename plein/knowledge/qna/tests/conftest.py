"""Builders for question tests: ask and answer through the actions."""

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def ask(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.knowledge.qna.actions import check_ask_question

    def make(
        author: Any, title: str = "Hoe vraag ik verlof aan?", **kwargs: Any
    ) -> Any:
        kwargs.setdefault("body", "Ik zoek het formulier voor ouderschapsverlof.")
        return run_on_commit(check_ask_question, author, title=title, **kwargs)

    return make


@pytest.fixture
def answer(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.knowledge.qna.actions import check_answer

    def make(author: Any, question: Any, body: str = "Via het HR-portaal.") -> Any:
        return run_on_commit(check_answer, author, question, body=body)

    return make
