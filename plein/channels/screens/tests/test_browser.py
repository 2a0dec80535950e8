"""The kiosk in a real browser: it rotates between its slides on its own."""

import pytest

# The browser and page fixtures of tests/browser (headless Chromium).

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_kiosk_rotates_between_two_slides(
    page,
    admin,
    make_person,
    make_group,
    make_post,
    make_screen,
    connect,
):
    from playwright.sync_api import expect

    olga = make_person("Olga Owner")
    group = make_group(olga, "Kantine", kind="open")
    make_post(olga, "First news for everyone", group=group)
    make_post(olga, "Second news for everyone", group=group)
    screen = make_screen(
        admin,
        group_ids=[group.pk],
        rotation_seconds=5,
        shows_announcements=False,
        shows_welcome=False,
        language="en",
    )
    raw = connect(admin, screen)

    page.goto(f"/screens/show/{raw}/")
    newest = page.locator(".slide", has_text="Second news for everyone")
    oldest = page.locator(".slide", has_text="First news for everyone")
    expect(newest).to_be_visible()
    expect(oldest).to_be_hidden()
    expect(page.locator(".kiosk-counter")).to_have_text("1 / 2")

    # After the rotation time the other slide shows, and then the first again.
    expect(oldest).to_be_visible(timeout=8_000)
    expect(newest).to_be_hidden()
    expect(page.locator(".kiosk-counter")).to_have_text("2 / 2")
    expect(newest).to_be_visible(timeout=8_000)


def test_a_revoked_screen_says_so_at_the_next_refresh(
    page,
    admin,
    make_person,
    make_group,
    make_post,
    make_screen,
    connect,
):
    from playwright.sync_api import expect

    from plein.channels.screens.actions import check_revoke_screen_tokens

    olga = make_person("Olga Owner")
    group = make_group(olga, "Kantine", kind="open")
    make_post(olga, "News for everyone", group=group)
    screen = make_screen(admin, group_ids=[group.pk], language="en")
    raw = connect(admin, screen)

    # The page's clock, so the minute until the refresh passes at once.
    page.clock.install()
    page.goto(f"/screens/show/{raw}/")
    expect(page.locator(".slide", has_text="News for everyone")).to_be_visible()

    check_revoke_screen_tokens(admin, screen)
    page.clock.run_for(61_000)
    # A revoked screen is no longer known: the organisation's language.
    expect(page.get_by_text("Dit scherm is niet verbonden.")).to_be_visible()
    expect(page.get_by_text("News for everyone")).to_have_count(0)
