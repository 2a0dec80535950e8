"""The Content Security Policy in a real browser: no page breaks it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    """CSP violations the browser reports on the page (console and events)."""
    found: list[str] = []

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            found.append(text)

    page.on("console", on_console)
    return found


@pytest.fixture
def team(make_person, make_group, make_post, run_on_commit):
    from plein.posts.actions import check_create_comment

    anna = make_person(
        "Anna de Jong", email="anna@plein.test", handle="anna", language="en"
    )
    bram = make_person(
        "Bram Visser", email="bram@plein.test", handle="bram", language="en"
    )
    group = make_group(anna, "Hypotheken", "open", members=(bram,))
    post = make_post(anna, "The new **rates** are live, @bram. #hypotheek", group=group)
    run_on_commit(check_create_comment, bram, post, body="Thanks, Anna!")
    return anna, bram, group, post


def test_login_page_has_no_violations(page, violations, db):
    page.goto("/login/")
    expect(page.locator("input[name=username]")).to_be_visible()
    assert violations == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/groups/",
        "/groups/hypotheken/",
        "/people/",
        "/people/anna/",
        "/people/org-chart/",
        "/search/?q=rates",
        "/notifications/",
        "/settings/",
        "/settings/tokens/",
        "/alerts/",
        "/tags/hypotheek/",
        "POST",
    ],
)
def test_daily_pages_have_no_violations(page, log_in, violations, team, path):
    post = team[3]
    log_in("bram@plein.test")
    page.goto(f"/posts/{post.pk}/" if path == "POST" else path)
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_comment_form_is_emptied_after_sending(page, log_in, violations, team):
    post = team[3]
    log_in("bram@plein.test")
    page.goto(f"/posts/{post.pk}/")
    form = page.locator(f"#comment-form-{post.pk}")
    form.locator("textarea[name=body]").fill("Without any inline handler")
    form.locator("button[type=submit]").click()
    expect(page.locator("text=Without any inline handler").first).to_be_visible()
    expect(form.locator("textarea[name=body]")).to_have_value("")
    assert violations == []


def test_api_docs_load_swagger_ui(page, log_in, violations, team):
    log_in("bram@plein.test")
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title").first).to_contain_text("Plein API")
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert violations == []


def test_admin_loads_without_script_violations(page, log_in, violations, admin):
    log_in("admin@plein.test")
    page.goto("/admin/")
    expect(page.locator("#site-name, h1").first).to_be_visible()
    page.goto("/admin/people/user/")
    page.wait_for_load_state("networkidle")
    assert violations == []


def test_log_out_ends_the_session(page, log_in, violations, team):
    log_in("bram@plein.test")
    page.locator("details[data-menu] summary").last.click()
    page.get_by_role("button", name=re.compile("Log out")).first.click()
    page.wait_for_url("**/login/**")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_receipt_bars_are_drawn_without_style_attributes(
    page, log_in, violations, alice, bob, carol, make_post, run_on_commit
):
    from plein.announcements.actions import check_confirm_reading, check_require_readers

    post = make_post(alice, "New way of working")
    run_on_commit(check_require_readers, alice, post, people=[bob, carol])
    run_on_commit(check_confirm_reading, bob, post)
    log_in("alice@plein.test")
    page.goto(f"/posts/{post.pk}/receipts/")
    bar = page.locator(".receipts-bar-confirmed")
    expect(bar).to_have_attribute("data-bar-width", "50")
    expect(bar).to_have_attribute("style", re.compile(r"width: 50%"))
    assert violations == []
