"""A group's wiki changes in its feed (one entry per page) and in search."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edits_show_as_one_feed_entry_and_the_page_is_searchable(
    page, log_in, make_person, make_group
):
    from plein.knowledge.wiki.actions import check_create_page, check_edit_page

    ann = make_person("Ann Lead", email="ann@plein.test", handle="ann", language="en")
    ben = make_person("Ben Mate", email="ben@plein.test", handle="ben", language="en")
    group = make_group(ann, "Onboarding team", "open", members=(ben,))
    wiki_page = check_create_page(
        ann, title="Onboarding", body="Laptops are ready on day one.", group=group
    )
    for number in (1, 2):
        wiki_page = check_edit_page(
            ben,
            wiki_page,
            title="Onboarding",
            body=f"Laptops are ready on day one. Version {number}.",
            base_revision=wiki_page.revision,
        )
    log_in("ann@plein.test")

    page.goto(f"/groups/{group.slug}/")
    entry = page.locator(".wiki-update")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Ben Mate and 1 other edited the wiki page")
    expect(entry).to_contain_text("(3 changes)")
    entry.get_by_role("link", name="Onboarding").click()
    expect(page.locator("h1")).to_have_text("Onboarding")

    page.goto("/search/?q=laptop")
    section = page.locator("section[aria-labelledby=search-wiki]")
    expect(section).to_contain_text("Wiki pages")
    section.get_by_role("link", name="Onboarding").click()
    expect(page.locator("h1")).to_have_text("Onboarding")
