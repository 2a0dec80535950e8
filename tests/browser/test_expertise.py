"""Piet shows an inferred topic; Vera then finds him and endorses his skill."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_confirm_a_topic_then_be_found_and_endorsed(
    page, browser, live_server, log_in, make_person, make_post, run_on_commit
):
    from plein.people.actions import check_update_profile

    piet = make_person("Piet Pensioen", email="piet@plein.test", language="en")
    run_on_commit(check_update_profile, piet, piet, skills=["Sparen"])
    make_post(piet, "Nieuwe regels voor #pensioen")
    make_person("Vera Vraag", email="vera@plein.test", language="en")

    # Piet sees what Plein inferred and shows it to colleagues.
    log_in("piet@plein.test")
    page.goto("/me/expertise/")
    row = page.locator("li.topic-row", has_text="#pensioen")
    expect(row).to_contain_text("1 post on #pensioen")
    row.get_by_role("button", name="Show").click()
    expect(page.locator("li.topic-row", has_text="#pensioen")).to_contain_text("Shown")

    # Vera, in her own browser session, asks who knows about pensions.
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    vera = context.new_page()
    vera.goto("/login/")
    vera.fill("input[name=username]", "vera@plein.test")
    vera.fill("input[name=password]", "correct horse 42")
    vera.click("form button[type=submit]")
    vera.wait_for_url(lambda url: "/login/" not in url)
    vera.goto("/experts/")
    vera.fill("#id_q", "pensioenen")
    vera.get_by_role("button", name="Find colleagues").click()
    result = vera.locator("#expert-results li.expert")
    expect(result).to_have_count(1)
    expect(result).to_contain_text("Piet Pensioen")
    expect(result).to_contain_text("1 post on #pensioen")

    # She opens his profile and endorses his skill.
    result.get_by_role("link", name="Piet Pensioen").click()
    skills = vera.locator("#skill-endorsements")
    skills.get_by_role("button", name="Endorse").click()
    expect(vera.locator("#skill-endorsements")).to_contain_text(
        "endorsed by 1 colleague"
    )
    expect(
        vera.locator("#skill-endorsements").get_by_role("button", name="Endorsed")
    ).to_be_visible()
    context.close()
