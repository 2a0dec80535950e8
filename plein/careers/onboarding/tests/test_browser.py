"""HR invites a colleague; she signs up, sees her first weeks and joins a group."""

import re

import pytest
from playwright.sync_api import expect

from plein.access.roles import Role
from plein.careers.onboarding.actions import TemplateFields, check_save_template
from plein.groups.actions import check_create_group
from plein.people.models import Invitation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_invites_and_the_new_colleague_joins_a_group(page, log_in, make_person):
    hr = make_person(
        "Hanna HR", email="hr@plein.test", handle="hr", role=Role.ADMIN, language="en"
    )
    group = check_create_group(hr, name="Koffie", kind="open")
    check_save_template(hr, TemplateFields(name="Standaard", groups=[group]))

    # HR creates the person (an invitation, as admins do today).
    log_in("hr@plein.test")
    page.goto("/people/manage/")
    form = page.locator("#invite-form")
    form.locator("input[name=full_name]").fill("Nina Nieuw")
    form.locator("input[name=email]").fill("nina@plein.test")
    form.get_by_role("button", name="Send invitation").click()
    expect(page.locator("#invite-form")).to_contain_text("Invitation sent")

    # The new colleague accepts and lands in Plein, signed in.
    token = Invitation.objects.get(email="nina@plein.test").token
    page.context.clear_cookies()
    page.goto(f"/invitations/{token}/")
    # She has not chosen a language yet (Dutch, the organisation's): the
    # steps below go by names and markers, not by the words on the page.
    page.fill("input[name=password]", "een lang wachtwoord 42")
    page.fill("input[name=password_again]", "een lang wachtwoord 42")
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/invitations/" not in url)

    page.goto("/")
    card = page.locator("section.onboarding-home")
    expect(card).to_be_visible()
    card.locator(".onboarding-home-link").click()
    page.wait_for_url(re.compile(r"/onboarding/$"))
    task = page.locator('li.onboarding-task[data-kind="join_group"]')
    expect(task).to_have_attribute("data-done", "0")
    task.get_by_role("button").click()
    # htmx swaps the list in: the task is ticked.
    expect(
        page.locator('li.onboarding-task[data-kind="join_group"]')
    ).to_have_attribute("data-done", "1")
    expect(page.locator('li.onboarding-task[data-done="1"]')).to_have_count(1)
    expect(page.locator("li.onboarding-task")).to_have_count(2)
