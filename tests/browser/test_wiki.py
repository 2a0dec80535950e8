"""Writing the wiki: pages, [[links]], edits, history, diff, and a conflict."""

import base64

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def test_write_link_edit_compare_and_survive_a_conflict(
    page, log_in, browser, live_server, make_person
):
    make_person("Ann Writer", email="ann@plein.test", handle="ann", language="en")
    make_person("Ben Editor", email="ben@plein.test", handle="ben", language="en")
    log_in("ann@plein.test")

    # A page, written from the wiki's start page.
    page.goto("/wiki/")
    page.get_by_role("link", name="New page").click()
    page.get_by_label("Title").fill("Travel")
    page.get_by_label("Text").fill("Book trains early.")
    page.get_by_role("button", name="Create page").click()
    expect(page.locator("h1")).to_have_text("Travel")

    # A second page links to it; the preview shows the link while typing.
    page.goto("/wiki/new/?title=Expenses")
    expect(page.get_by_label("Title")).to_have_value("Expenses")
    page.get_by_label("Text").fill("See [[Travel]] for trips.\n\n## Claims\nMonthly.")
    expect(page.locator("#wiki-preview a.wiki-link")).to_have_text("Travel")
    page.get_by_role("button", name="Create page").click()
    expect(page.locator("h1")).to_have_text("Expenses")
    expect(page.locator(".wiki-toc")).to_contain_text("Claims")
    page.locator("article a.wiki-link", has_text="Travel").click()
    expect(page.locator("h1")).to_have_text("Travel")
    expect(page.locator("aside")).to_contain_text("Expenses")  # backlink

    # An edit with a note and an image uploaded beside the text: the form
    # answers the Markdown to paste, and the text shows the image.
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Image or file").set_input_files(
        {"name": "station.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_label("Description of the image").fill("Station map")
    page.get_by_role("button", name="Upload").click()
    markdown = page.locator("#wiki-upload-markdown")
    expect(markdown).to_contain_text("![Station map](attachment:")
    page.get_by_label("Text").fill(
        "Book trains early.\nFirst class is not paid.\n\n" + markdown.inner_text()
    )
    page.get_by_label("What changed?").fill("First class")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".wiki-body")).to_contain_text("First class is not paid.")
    expect(page.locator(".wiki-body img")).to_have_attribute("alt", "Station map")
    expect(page.locator("#wiki-files")).to_contain_text("station.png")
    page.get_by_role("link", name="History").click()
    expect(page.locator("table")).to_contain_text("First class")
    page.get_by_role("button", name="Compare the chosen versions").click()
    expect(page.locator(".wiki-diff ins").first).to_contain_text(
        "First class is not paid."
    )

    # Ann opens the editor; Ben saves first in another browser.
    page.goto(page.url.split("/diff/")[0] + "/edit/")
    edit_url = page.url
    page.get_by_label("Text").fill("Ann's version of the rules.")
    other = browser.new_context(base_url=live_server.url, locale="en-GB")
    ben = other.new_page()
    ben.goto("/login/")
    ben.fill("input[name=username]", "ben@plein.test")
    ben.fill("input[name=password]", "correct horse 42")
    ben.click("form button[type=submit]")
    ben.wait_for_url(lambda url: "/login/" not in url)
    ben.goto(edit_url)
    ben.get_by_label("Text").fill("Ben's version of the rules.")
    ben.get_by_role("button", name="Save changes").click()
    expect(ben.locator(".wiki-body")).to_contain_text("Ben's version")
    other.close()

    # Ann's save is refused as a conflict: her text is kept, Ben's is shown.
    with page.expect_response(lambda r: r.url == edit_url) as answer:
        page.get_by_role("button", name="Save changes").click()
    assert answer.value.status == 409
    expect(page.locator("#conflict")).to_contain_text("Someone saved this page")
    text = page.get_by_label("Text", exact=True)
    expect(text).to_have_value("Ann's version of the rules.")
    # What Ben changed, then how Ann's text differs from Ben's.
    diffs = page.locator(".wiki-conflict .wiki-diff")
    expect(diffs.first).to_contain_text("Ben's version")
    expect(diffs.nth(1).locator("ins")).to_contain_text("Ann's version")
    expect(diffs.nth(1).locator("del")).to_contain_text("Ben's version")
    assert violations(page) == []  # the 409 page meets WCAG AA too
    page.get_by_role("button", name="Save my version").click()
    expect(page.locator(".wiki-body")).to_contain_text("Ann's version of the rules.")
