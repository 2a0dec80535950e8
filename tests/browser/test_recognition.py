"""A colleague marks a post as helpful; its author sees it in their contribution."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_mark_a_post_helpful_and_the_author_sees_it(
    page, log_in, make_person, make_post
):
    author = make_person(
        "Anna Auteur", email="anna@plein.test", handle="anna", language="en"
    )
    make_person("Bram Lezer", email="bram@plein.test", handle="bram", language="en")
    post = make_post(author, "How to claim travel costs: use the expenses form.")

    log_in("bram@plein.test")
    page.goto(f"/posts/{post.pk}/")
    helped = page.locator(f"#helped-post-{post.pk}")
    button = helped.get_by_role("button", name="This helped me")
    expect(button).to_have_attribute("aria-pressed", "false")
    button.click()
    # htmx swaps the control in place: pressed, with the count.
    expect(helped.get_by_role("button", name="This helped me")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(helped).to_contain_text("1 colleague found this helpful")

    page.context.clear_cookies()
    log_in("anna@plein.test")
    page.goto("/me/contribution/")
    expect(page.locator("h1")).to_have_text("Your contribution")
    expect(page.locator("#totals-heading")).to_have_text("2 points")
    expect(page.get_by_text("found your post helpful")).to_be_visible()
    expect(page.get_by_role("link", name="Bram Lezer")).to_be_visible()
