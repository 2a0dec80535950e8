"""Creating a poll from the composer and voting in it, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_a_poll_and_vote(page, log_in, make_person):
    make_person("Anna de Jong", email="anna@plein.test", handle="anna", language="en")
    log_in("anna@plein.test")
    page.locator("#composer").get_by_role("link", name="Create a poll").click()
    page.wait_for_url(re.compile(r"/polls/new/"))
    page.get_by_label("Question", exact=True).fill(
        "Where shall we have lunch on Friday?"
    )
    page.get_by_label("Options", exact=True).fill("Canteen\nPark\nMarket")
    page.get_by_role("button", name="Publish the poll").click()
    page.wait_for_url(re.compile(r"/posts/\d+/"))
    poll = page.locator("section.poll")
    expect(poll).to_contain_text("0 votes")
    poll.get_by_label("Park").check()
    poll.get_by_role("button", name="Vote").click()
    # htmx swaps in the box with the results and the voter's name.
    results = page.locator("section.poll .poll-results")
    expect(results).to_contain_text("Park")
    expect(results).to_contain_text("1 vote (100%)")
    expect(results).to_contain_text("Anna de Jong")
    expect(page.locator("section.poll")).to_contain_text("Change my vote")
