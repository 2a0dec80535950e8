"""An admin opens the dashboard, filters on a department, downloads the CSV."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from plein.insights.models import ActivityDay
from plein.insights.rollup import do_rollup_day
from plein.people.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_filters_the_dashboard_and_downloads_csv(
    page, log_in, world, make_person
):
    make_person(
        "Ada Admin", email="ada@plein.test", handle="ada", role="admin", language="en"
    )
    for person in world.people["it"] + world.people["sales"]:
        ActivityDay.objects.create(person=person, day=world.yesterday, has_read=True)
    User.objects.filter(email="ada@plein.test").update(
        date_joined=world.at(world.yesterday, 0)
    )
    do_rollup_day(world.yesterday)

    log_in("ada@plein.test")
    page.goto("/insights/")
    expect(page.get_by_role("heading", name="Insights", exact=True)).to_be_visible()
    expect(page.locator('[data-figure="readers_1d"]')).to_have_text("12")
    unit = page.locator("select[data-unit] option").nth(1)
    label = unit.inner_text()
    page.locator("select[data-unit]").select_option(label=label)
    # htmx swaps the figures and puts the filter in the address.
    expect(page.locator("[data-unit-shown]")).to_have_text(label)
    expect(page).to_have_url(re.compile(r"unit=d\d+|unit=other"))
    with page.expect_download() as info:
        page.locator("[data-csv]").click()
    download = info.value
    assert download.suggested_filename == "insights.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("day,scope,population,readers_1d")
    assert "Organisation" in text
