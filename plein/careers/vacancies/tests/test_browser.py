"""HR publishes a vacancy, a colleague applies confidentially, HR moves it on."""

import re

import pytest
from playwright.sync_api import expect

from plein.access.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_publish_apply_confidentially_and_move_the_stage(page, log_in, make_person):
    boss = make_person("Bea Baas", email="bea@plein.test", language="en")
    make_person(
        "Hanna Hr", email="hanna@plein.test", role=Role.MODERATOR, language="en"
    )
    make_person("Anna de Jong", email="anna@plein.test", language="en", manager=boss)

    log_in("hanna@plein.test")
    page.goto("/vacancies/new/")
    form = page.locator("#vacancy-form")
    form.locator("#id_title").fill("Data engineer")
    form.locator("#id_body").fill("Build our data platform.")
    form.locator("#id_location").fill("Utrecht")
    form.get_by_role("button", name="Publish vacancy").click()
    page.wait_for_url(re.compile(r"/vacancies/\d+/$"))
    vacancy_url = page.url
    expect(page.locator(".vacancy-page")).to_contain_text("Data engineer")
    page.context.clear_cookies()

    log_in("anna@plein.test")
    page.goto(vacancy_url)
    apply = page.locator("#apply-form")
    apply.get_by_label("Motivation", exact=True).fill("I love data.")
    apply.get_by_label("My manager may see this application").select_option("interview")
    apply.get_by_role("button", name="Send application").click()
    page.wait_for_url(re.compile(r"/vacancies/applications/\d+/$"))
    application_url = page.url
    expect(page.locator(".application-status")).to_have_text("Submitted")
    page.context.clear_cookies()

    # Her manager does not see it yet.
    log_in("bea@plein.test")
    response = page.goto(application_url)
    assert response is not None and response.status == 404
    page.context.clear_cookies()

    log_in("hanna@plein.test")
    page.goto(application_url)
    expect(page.locator(".application-page")).to_contain_text("I love data.")
    page.locator("#move-status").select_option("interview")
    page.get_by_role("button", name="Save stage").click()
    # htmx swaps in the new stage.
    expect(page.locator(".application-status")).to_have_text("Interview")
    page.context.clear_cookies()

    log_in("bea@plein.test")
    page.goto(application_url)
    expect(page.locator(".application-status")).to_have_text("Interview")
    expect(page.locator(".application-page")).not_to_contain_text("I love data.")
