"""Asking a question: related questions while typing, an answer, a vote, acceptance."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ask_answer_vote_and_accept(page, log_in, make_person):
    from plein.knowledge.qna.actions import (
        check_accept_answer,
        check_answer,
        check_ask_question,
    )

    ann = make_person("Ann Asker", email="ann@plein.test", handle="ann", language="en")
    bob = make_person(
        "Bob Builder", email="bob@plein.test", handle="bob", language="en"
    )
    carol = make_person("Carol Cook", email="carol@plein.test", language="en")
    earlier = check_ask_question(
        carol,
        title="How do I claim travel expenses?",
        body="Train tickets mostly.",
        language="en",
    )
    check_accept_answer(
        carol, earlier, check_answer(bob, earlier, body="Use the expenses app.")
    )

    log_in("ann@plein.test")
    page.goto("/questions/ask/")
    page.fill("input[name=title]", "Travel expenses for a conference abroad")
    related = page.locator("#related")
    expect(
        related.get_by_role("link", name="How do I claim travel expenses?")
    ).to_be_visible()
    expect(related).to_contain_text("Answered")
    page.fill("textarea[name=body]", "Who pays the hotel?")
    page.fill("input[name=tags]", "travel")
    page.get_by_role("button", name="Post question").click()
    expect(page.locator(".post-title")).to_have_text(
        "Travel expenses for a conference abroad"
    )
    question_url = page.url.split("?")[0]

    page.context.clear_cookies()
    log_in("bob@plein.test")
    page.goto(question_url)
    page.fill("#answer-body", "The department pays; book through the travel desk.")
    page.get_by_role("button", name="Post answer").click()
    answer = page.locator("li.answer")
    expect(answer).to_contain_text("book through the travel desk")
    expect(answer.locator(".vote-button")).to_have_count(0)  # not on one's own

    page.context.clear_cookies()
    log_in("ann@plein.test")
    page.goto(question_url)
    vote = page.locator("li.answer .vote-button")
    vote.click()
    expect(page.locator("li.answer .vote-button")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("li.answer .vote-count")).to_have_text("1")
    page.get_by_role("button", name="Accept this answer").click()
    expect(page.locator("li.answer.is-accepted")).to_contain_text("Accepted answer")
    expect(page.locator(".question-status")).to_contain_text("Answered")
    assert violations(page) == []
    page.goto("/questions/ask/")
    assert violations(page) == []
    page.goto("/questions/?tab=answered")
    assert violations(page) == []
    assert ann.pk and bob.pk
