"""HR offers an alumni account; the alumnus chooses a password and logs in."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from plein.access.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_offer_alumni_account_and_use_it(page, log_in, make_person, make_vacancy):
    admin = make_person(
        "Ada Admin", email="admin@plein.test", role=Role.ADMIN, language="en"
    )
    leaver = make_person(
        "Lea Vertrek", email="lea@plein.test", handle="lea", language="en"
    )
    make_vacancy(admin, "Developer, welcome back")
    log_in("admin@plein.test")
    page.goto(f"/people/{leaver.handle}/")
    page.get_by_role("link", name="Offer alumni account… Lea Vertrek").click()
    page.get_by_label("Private e-mail address").fill("lea@example.org")
    page.get_by_role("button", name="Offer alumni account").click()
    expect(page.locator("#alerts")).to_contain_text("now has an alumni account")
    link = re.search(r"https?://\S+/password-reset/\S+/", mail.outbox[-1].body)[0]
    page.context.clear_cookies()
    page.goto(re.sub(r"^https?://[^/]+", "", link))
    page.locator("input[name=new_password1]").fill("oud-collega 2027!")
    page.locator("input[name=new_password2]").fill("oud-collega 2027!")
    page.get_by_role("button", name="Save password").click()
    page.wait_for_url(re.compile(r"/password-reset/done/"))
    log_in("lea@example.org", "oud-collega 2027!")
    panel = page.locator(".alumni-panel")
    expect(panel).to_contain_text("Developer, welcome back")
    expect(page.locator(".site-nav")).to_contain_text("Alumni")
    expect(page.locator(".site-nav")).not_to_contain_text("Wiki")
