"""The flows people go through every day, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(make_person, make_group):
    anna = make_person(
        "Anna de Jong", email="anna@plein.test", handle="anna", language="en"
    )
    bram = make_person(
        "Bram Visser", email="bram@plein.test", handle="bram", language="en"
    )
    group = make_group(anna, "Hypotheken", "open", members=(bram,))
    return anna, bram, group


def test_log_in_post_see_it_in_the_feed_and_comment(page, log_in, team):
    log_in("bram@plein.test")
    expect(page.locator("header")).to_contain_text("Home")

    composer = page.locator("#composer")
    composer.locator("textarea[name=body]").fill(
        "The new #hypotheek rates are live, @anna"
    )
    composer.locator("button[type=submit]").click()
    card = page.locator("article", has_text="The new #hypotheek rates are live")
    expect(card.first).to_be_visible()
    expect(card.first.locator("a.hashtag")).to_have_attribute(
        "href", "/tags/hypotheek/"
    )

    # A full page load shows the post from the feed itself, not only the
    # fragment htmx inserted.
    page.goto("/")
    expect(
        page.locator("article", has_text="The new #hypotheek rates are live").first
    ).to_be_visible()

    page.locator("article", has_text="The new #hypotheek rates are live").first.locator(
        "a[href^='/posts/']"
    ).first.click()
    page.wait_for_url(re.compile(r"/posts/\d+/"))
    form = page.locator("form.comment-form").first
    form.locator("textarea[name=body]").fill("Thanks, I will tell my clients")
    form.locator("button[type=submit]").click()
    expect(page.locator("text=Thanks, I will tell my clients").first).to_be_visible()


def test_failed_post_keeps_the_text(page, log_in, team, settings):
    log_in("bram@plein.test")
    settings.POST_MAX_LENGTH = 20
    composer = page.locator("#composer")
    composer.locator("textarea[name=body]").fill(
        "This text is far too long for the limit"
    )
    composer.locator("button[type=submit]").click()
    expect(page.locator(".field-error").first).to_be_visible()
    expect(page.locator("#composer textarea[name=body]")).to_have_value(
        "This text is far too long for the limit"
    )


def test_search_finds_a_post_by_its_stem(page, log_in, team, make_post):
    anna, _bram, group = team
    make_post(
        anna, "De vergaderingen over duurzame hypotheken zijn verplaatst", group=group
    )
    log_in("bram@plein.test")
    page.fill("#site-search-q", "vergadering")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/**")
    expect(page.locator("main")).to_contain_text("duurzame hypotheken")


def test_switch_language_to_dutch_and_back(page, log_in, team):
    log_in("bram@plein.test")
    expect(page.locator("nav.site-nav")).to_contain_text("Groups")
    switch = page.locator("form.language-switch")
    switch.locator("select, button").first.wait_for()
    if switch.locator("select").count():
        switch.locator("select").select_option("nl")
        if switch.locator("button[type=submit]").count():
            switch.locator("button[type=submit]").click()
    else:
        switch.locator("button[value=nl]").click()
    expect(page.locator("nav.site-nav")).to_contain_text("Groepen")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    page.goto("/people/")
    expect(page.locator("nav.site-nav")).to_contain_text("Groepen")


def test_secret_group_is_invisible_to_outsiders(
    page, log_in, team, make_group, make_person, make_post
):
    anna, _bram, _group = team
    secret = make_group(anna, "Project Noordster", "secret")
    make_post(anna, "Overname gaat door", group=secret)
    make_person("Cas Outsider", email="cas@plein.test", handle="cas", language="en")
    log_in("cas@plein.test")
    expect(page.locator("main")).not_to_contain_text("Overname gaat door")
    response = page.goto(f"/groups/{secret.slug}/")
    assert response.status == 404
    page.goto("/groups/")
    expect(page.locator("main")).not_to_contain_text("Noordster")
