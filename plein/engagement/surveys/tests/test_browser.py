"""Answering a pulse survey in a real browser."""

import pytest
from playwright.sync_api import expect

from plein.access.roles import Role
from plein.engagement.surveys.models import Invitation, Response

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_answer_a_pulse_survey(page, log_in, make_person, make_survey):
    hr = make_person("Hanna HR", email="hanna@plein.test", role=Role.MODERATOR)
    make_person("Tom Teller", email="tom@plein.test", language="en")
    survey = make_survey(hr, title="Monthly pulse")
    log_in("tom@plein.test")
    page.goto("/surveys/")
    page.get_by_role("link", name="Monthly pulse").click()
    form = page.locator("#answer form")
    form.locator("input[name=enps][value='9']").check()
    question = survey.questions.get()
    form.locator(f"input[name=q{question.pk}][value='4']").check()
    form.locator("textarea[name=comment]").fill("More plants in the office")
    form.get_by_role("button", name="Send my answer").click()
    expect(page.locator("[data-answered]")).to_be_visible()
    # The answer is stored without the person, who cannot answer twice.
    assert Response.objects.get().comment == "More plants in the office"
    assert Invitation.objects.get(person__email="tom@plein.test").has_responded
    page.reload()
    expect(page.locator("[data-answered]")).to_be_visible()
    expect(page.locator("#answer form")).to_have_count(0)
