"""Planning an event and answering it, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_an_event_and_answer_it(page, log_in, make_person):
    make_person("Anna de Jong", email="anna@plein.test", handle="anna", language="en")
    log_in("anna@plein.test")
    page.goto("/events/")
    page.get_by_role("link", name="Plan an event").first.click()
    page.wait_for_url(re.compile(r"/events/new/"))
    form = page.locator("#event-form")
    form.get_by_label("Title", exact=True).fill("Summer barbecue")
    form.get_by_label("Starts").fill("2027-07-02T17:00")
    form.get_by_label("Ends").fill("2027-07-02T20:00")
    form.locator("input[name=location]").fill("Roof terrace")
    form.locator("input[name=capacity]").fill("10")
    page.get_by_role("button", name="Announce event").click()
    page.wait_for_url(re.compile(r"/events/\d+/"))
    expect(page.locator("article")).to_contain_text("Summer barbecue")
    rsvp = page.locator("#rsvp")
    expect(rsvp).to_contain_text("0 going")
    rsvp.get_by_role("button", name="Going", exact=True).click()
    # htmx swaps in the answer box with the count and the name.
    expect(page.locator("#rsvp")).to_contain_text("1 going")
    expect(page.locator("#rsvp")).to_contain_text("Anna de Jong")
    expect(
        page.locator("#rsvp").get_by_role("button", name="Going", exact=True)
    ).to_have_attribute("aria-pressed", "true")
    page.goto("/events/?month=2027-07")
    expect(page.locator("#calendar")).to_contain_text("Summer barbecue")
