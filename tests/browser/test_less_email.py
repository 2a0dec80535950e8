"""Required reading in a real browser: name a reader, they confirm, the author sees it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pair(make_person):
    author = make_person(
        "Anna de Jong", email="anna@plein.test", handle="anna", language="en"
    )
    reader = make_person(
        "Bram Visser", email="bram@plein.test", handle="bram", language="en"
    )
    return author, reader


def test_required_reader_confirms_and_the_author_sees_the_receipt(
    browser, live_server, pair
):
    contexts = []

    def session(email):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.goto("/login/")
        page.fill("input[name=username]", email)
        page.fill("input[name=password]", "correct horse 42")
        page.click("form button[type=submit]")
        # "**/" would match the login page itself: wait until we have left it.
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    try:
        author = session("anna@plein.test")
        composer = author.locator("#composer")
        composer.locator("textarea[name=body]").fill(
            "New expense policy from 1 January: please read"
        )
        composer.locator("details.composer-readers summary").click()
        composer.locator("[name=required_readers]").fill("@bram")
        composer.locator("button[type=submit]").click()
        expect(
            author.locator("article", has_text="New expense policy").first
        ).to_be_visible()

        reader = session("bram@plein.test")
        to_read = reader.locator("section.to-read")
        expect(to_read).to_contain_text("New expense policy")
        to_read.locator("button[type=submit]").first.click()
        expect(reader.locator("section.to-read button[type=submit]")).to_have_count(0)
        reader.reload()
        expect(reader.locator("section.to-read")).to_have_count(0)

        author.locator("article", has_text="New expense policy").first.locator(
            "a[href^='/posts/']"
        ).first.click()
        author.wait_for_url(re.compile(r"/posts/\d+/"))
        author.get_by_role("link", name="Read receipts").click()
        expect(author.locator("main")).to_contain_text("Bram Visser")
        expect(author.locator("main")).to_contain_text("1")
    finally:
        for context in contexts:
            context.close()
