"""Giving kudos in a real browser: from a colleague's profile and from the
composer, then seeing the kudos card in the feed."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def colleagues(make_person, admin):
    from plein.engagement.kudos.actions import check_create_value

    anna = make_person(
        "Anna de Jong", email="anna@plein.test", handle="anna", language="en"
    )
    bram = make_person(
        "Bram Visser", email="bram@plein.test", handle="bram", language="en"
    )
    check_create_value(admin, name_nl="Samen sterker", name_en="Stronger together")
    return anna, bram


def test_give_kudos_from_a_profile_and_see_it_in_the_feed(page, log_in, colleagues):
    log_in("anna@plein.test")
    page.goto("/people/bram/")
    page.locator("a.kudos-give-link").click()
    page.wait_for_url("**/kudos/give/?to=bram")
    form = page.locator("#kudos-form")
    expect(form.locator("input[name=people]")).to_have_value("@bram")
    form.get_by_label("Stronger together").check()
    form.locator("textarea[name=body]").fill("Thanks for the clear mortgage advice")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/posts/*/")
    page.goto("/")
    card = page.locator("article", has_text="Thanks for the clear mortgage advice")
    expect(card.first).to_be_visible()
    expect(card.first.locator(".kudos-badge")).to_contain_text("Stronger together")
    expect(card.first.locator(".kudos-person")).to_have_text("Bram Visser")


def test_self_kudos_from_the_composer_link_shows_the_field_error(
    page, log_in, colleagues
):
    log_in("anna@plein.test")
    page.locator("#composer").get_by_text("Give kudos to a colleague instead").click()
    page.wait_for_url("**/kudos/give/")
    form = page.locator("#kudos-form")
    form.locator("input[name=people]").fill("@anna")
    form.get_by_label("Stronger together").check()
    form.locator("textarea[name=body]").fill("I am great")
    form.locator("button[type=submit]").click()
    expect(page.locator(".field-error").first).to_contain_text("yourself")
    expect(page.locator("#kudos-form textarea[name=body]")).to_have_value("I am great")
