"""Schedule a post from the composer, see it on the calendar, publish it on time."""

import zoneinfo
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_from_the_composer_then_publish(page, log_in, make_person):
    from plein.engagement.scheduling.actions import do_publish_due

    make_person(
        "Anna de Jong",
        email="anna@plein.test",
        handle="anna",
        language="en",
        timezone="Europe/Amsterdam",
    )
    log_in("anna@plein.test")
    composer = page.locator("#composer")
    composer.get_by_label("What would you like to share?").fill(
        "Team breakfast on Friday at nine"
    )
    composer.locator("summary", has_text="Schedule or save as draft").click()
    tomorrow = timezone.localtime(
        timezone.now() + timedelta(days=1),
        timezone=zoneinfo.ZoneInfo("Europe/Amsterdam"),
    )
    composer.get_by_label("Publish on").fill(tomorrow.strftime("%Y-%m-%dT%H:%M"))
    composer.get_by_role("button", name="Schedule", exact=True).click()
    expect(page.locator("#alerts")).to_contain_text("Scheduled for")
    # The composer is empty again and nothing reached the feed.
    expect(page.locator("#composer textarea[name=body]")).to_have_value("")
    expect(page.locator("#feed-entries")).not_to_contain_text("Team breakfast")

    page.goto("/calendar/content/?view=list&month=" + tomorrow.strftime("%Y-%m"))
    expect(page.locator("main")).to_contain_text("Team breakfast on Friday at nine")
    expect(page.locator("main")).to_contain_text("Scheduled")

    assert do_publish_due(now=timezone.now() + timedelta(days=1, minutes=5)) == 1
    page.goto("/")
    expect(page.locator("#feed-entries")).to_contain_text(
        "Team breakfast on Friday at nine"
    )
