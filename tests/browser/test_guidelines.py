"""A newcomer meets the social-media guidelines on their first post."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def guidelines(make_person, settings):
    from plein.governance.guidelines.actions import check_publish_guidelines

    settings.GUIDELINES_REQUIRED = True
    # Transactional tests start from an empty database: publish a version.
    admin = make_person("Ada Admin", email="ada@plein.test", role="admin")
    return check_publish_guidelines(
        admin,
        title_nl="Richtlijnen",
        title_en="Our guidelines",
        body_nl="Deel **geen** klantgegevens.",
        body_en="Share **no** client data.",
    )


def test_accept_the_guidelines_then_post(page, log_in, make_person, guidelines):
    make_person("Nina Nieuw", email="nina@plein.test", handle="nina", language="en")
    log_in("nina@plein.test")

    composer = page.locator("#composer")
    composer.locator("textarea[name=body]").fill("My very first post")
    composer.locator("button[type=submit]").click()
    link = page.locator("#composer a[href='/guidelines/']")
    expect(link).to_be_visible()
    expect(composer.locator("textarea[name=body]")).to_have_value("My very first post")

    link.click()
    expect(page.locator("h1")).to_have_text("Our guidelines")
    expect(page.locator("article.prose strong")).to_have_text("no")
    page.get_by_role(
        "button", name="I have read the guidelines and accept them"
    ).click()
    expect(page.locator("#acceptance")).to_contain_text("You have accepted version")

    page.goto("/")
    composer = page.locator("#composer")
    composer.locator("textarea[name=body]").fill("My very first post")
    composer.locator("button[type=submit]").click()
    expect(page.locator("article", has_text="My very first post").first).to_be_visible()
