"""Opting in to the search trail, then seeing a topic shared with colleagues."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_opt_in_search_and_see_the_shared_topic(page, log_in, make_person):
    from plein.knowledge.trail.actions import check_set_opt_in, do_record_search

    make_person("Anna Zoeker", email="anna@plein.test", handle="anna", language="en")
    for name, handle in (("Bram Collega", "bram"), ("Cato Collega", "cato")):
        colleague = make_person(name, email=f"{handle}@plein.test", language="en")
        check_set_opt_in(colleague, opted_in=True)
        do_record_search(colleague, "mortgage")

    log_in("anna@plein.test")
    page.goto("/me/search-trail/")
    page.get_by_role("button", name="Share my search trail").click()
    expect(
        page.get_by_role("button", name="Stop sharing and delete my trail")
    ).to_be_visible()

    page.goto("/search/?q=mortgage")
    page.goto("/search-trail/")
    topic = page.locator(".trail-topic", has_text="mortgage")
    expect(topic).to_contain_text("Bram Collega")
    expect(topic).to_contain_text("Cato Collega")
    expect(
        topic.get_by_role("link", name="Ask a question on this topic")
    ).to_have_attribute("href", "/questions/ask/?title=mortgage")

    page.goto("/me/search-trail/")
    page.get_by_role("button", name="Stop sharing and delete my trail").click()
    page.goto("/search-trail/")
    expect(page.locator(".trail-topic")).to_have_count(0)
