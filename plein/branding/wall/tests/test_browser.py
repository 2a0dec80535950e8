"""An author offers a post, communications approve it, anyone sees it on the wall."""

import re

import pytest
from playwright.sync_api import expect

from plein.access.roles import Role
from plein.branding.wall.models import WallSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_offer_approve_and_the_anonymous_wall_shows_it(
    page, log_in, another_page, make_person, make_post
):
    alice = make_person("Alice de Vries", email="alice@plein.test", language="en")
    make_person("Mo Derator", email="mo@plein.test", role=Role.MODERATOR, language="en")
    WallSettings.objects.create(pk=1, is_enabled=True)
    post = make_post(alice, "Our interns built an app in ten weeks. Proud of them!")

    log_in("alice@plein.test")
    page.goto(f"/posts/{post.pk}/")
    box = page.locator("#wall")
    box.get_by_role("button", name="May be shown outside").click()
    # htmx swaps the box: the offer waits for communications.
    expect(page.locator("#wall")).to_contain_text("Waiting for approval")
    expect(page.locator("#wall").get_by_role("button")).to_have_text(
        "Withdraw from the public wall"
    )
    page.context.clear_cookies()

    log_in("mo@plein.test")
    page.goto("/wall/review/")
    offer = page.locator(f"#offer-{post.pk}")
    expect(offer).to_contain_text("Our interns built an app")
    offer.get_by_role("button", name="Approve", exact=True).click()
    expect(page.locator(f"#shown-{post.pk}")).to_be_visible()

    visitor = another_page()
    response = visitor.goto("/wall/")
    assert response is not None and response.status == 200
    entry = visitor.locator(f"#wall-{post.pk}")
    expect(entry).to_contain_text("Our interns built an app in ten weeks.")
    expect(entry).to_contain_text("Alice de Vries")
    visitor.get_by_role("link", name="Read this post").click()
    expect(visitor).to_have_url(re.compile(rf"/wall/{post.pk}/$"))
