"""Referring a candidate, their consent and what HR and the referrer see, in a browser."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from plein.access.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logged_in(page, email):
    page.goto("/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "correct horse 42")
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    return page


def test_refer_consent_for_a_year_and_both_views(
    page, log_in, another_page, make_person
):
    make_person("Anna de Jong", email="anna@plein.test", handle="anna", language="en")
    make_person(
        "Hanna HR",
        email="hr@plein.test",
        handle="hr",
        language="en",
        role=Role.MODERATOR,
    )
    log_in("anna@plein.test")
    page.goto("/referrals/new/")
    page.get_by_label("Candidate's name").fill("Vera Visser")
    page.get_by_label("Candidate's e-mail address").fill("vera@example.org")
    # Nothing beyond the notice before the candidate agrees.
    expect(page.get_by_label("Why this candidate?")).to_have_count(0)
    page.get_by_label("Language of the mail").select_option("en")
    page.get_by_role("button", name="Refer").click()
    page.wait_for_url(re.compile(r"/referrals/mine/"))
    expect(page.locator(".referral-table")).to_contain_text("Awaiting consent")
    expect(page.locator(".referral-add-details")).to_have_count(0)

    # The candidate opens the link from their mail, without an account.
    [message] = [m for m in mail.outbox if "vera@example.org" in m.to]
    link = re.search(r"https?://\S+/candidate/\S+/", message.body).group(0)
    path = link[link.index("/candidate/") :]
    candidate = another_page()
    candidate.goto(path)
    expect(candidate.locator(".consent-held")).to_contain_text("Vera Visser")
    candidate.get_by_label("may follow how my application goes").check()
    candidate.get_by_role("button", name="Agree to keep my details for 1 year").click()
    expect(candidate.locator(".consent-state")).to_contain_text("until")

    # Now the referrer is asked why, and for the CV.
    page.goto("/referrals/mine/")
    expect(page.locator(".referral-table")).to_contain_text("Consent given")
    page.get_by_role("link", name="Add why and the CV").click()
    page.get_by_label("Why this candidate?").fill("Vera knows our firewall inside out.")
    page.get_by_label("CV").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}]
    )
    page.get_by_role("button", name="Send to HR").click()
    page.wait_for_url(re.compile(r"/referrals/mine/"))
    expect(page.locator(".referral-add-details")).to_have_text("Change why and the CV")

    # HR sees the full record now.
    hr = _logged_in(another_page(), "hr@plein.test")
    hr.goto("/referrals/hr/")
    hr.get_by_role("link", name="Vera Visser").click()
    expect(hr.locator(".referral-why")).to_contain_text("firewall inside out")
    expect(hr.get_by_role("link", name="cv.pdf")).to_be_visible()
    hr.get_by_label("Status").select_option("procedure")
    hr.get_by_role("button", name="Change status").click()
    expect(hr.locator(".referral-status")).to_contain_text("In procedure")

    # The referrer follows the status the candidate lets them see.
    page.goto("/referrals/mine/")
    expect(page.locator(".referral-status")).to_contain_text("In procedure")
