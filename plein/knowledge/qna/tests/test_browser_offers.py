"""Eva opts in to offered questions; a day later she is offered one and opens it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_opt_in_then_open_an_offered_question(page, log_in, make_person, run_on_commit):
    from plein.knowledge.qna.actions import check_ask_question, do_offer_due_questions
    from plein.people.actions import check_update_profile

    eva = make_person("Eva Expert", email="eva@plein.test", language="en")
    run_on_commit(check_update_profile, eva, eva, skills=["Verlof"])
    anna = make_person("Anna Vrager", email="anna@plein.test", language="en")
    question = run_on_commit(
        check_ask_question,
        anna,
        title="Hoe vraag ik ouderschapsverlof aan?",
        body="Waar staat het formulier?",
        tags="verlof",
    )

    # Eva asks, on "My expertise", to be offered unanswered questions.
    log_in("eva@plein.test")
    page.goto("/me/expertise/")
    offers = page.locator("#question-offers")
    offers.get_by_label(
        "Offer me unanswered questions in my areas of expertise"
    ).check()
    offers.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/me/expertise/"))
    expect(page.locator("body")).to_contain_text(
        "Unanswered questions in your areas of expertise will be offered to you."
    )
    expect(
        page.locator("#question-offers").get_by_label(
            "Offer me unanswered questions in my areas of expertise"
        )
    ).to_be_checked()

    # A day passes without an answer; the job runs.
    assert (
        run_on_commit(do_offer_due_questions, timezone.now() + timedelta(hours=25)) == 1
    )

    page.goto("/notifications/")
    offer = page.locator("a.notification-link", has_text="Can you help?")
    expect(offer).to_contain_text("Hoe vraag ik ouderschapsverlof aan?")
    offer.click()
    page.wait_for_url(re.compile(rf"/questions/{question.pk}/"))
    expect(page.locator("#answer-form")).to_be_visible()
