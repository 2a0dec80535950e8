"""What a new user ran into (the "trying Plein" issue), in a real browser.

The comment count follows htmx, the phone composer starts as one line,
"@an" offers colleagues, cards are padded, the site has an icon, and htmx
breaks no rule of the Content Security Policy.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# Reported by the page itself, so violations from any document are caught;
# init scripts run outside the page's policy.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " " + event.sourceFile);
});
"""


@pytest.fixture
def console(page):
    """Console errors and CSP reports of every page the test opens."""
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if message.type == "error" else None
        ),
    )
    page.add_init_script(REPORT_VIOLATIONS)
    return messages


def csp_problems(messages):
    return [m for m in messages if "Content Security Policy" in m or "CSP" in m]


@pytest.fixture
def team(make_person, make_group, make_post, run_on_commit):
    from plein.posts.actions import check_create_comment

    anna = make_person(
        "Anna de Jong", email="anna@plein.test", handle="anna", language="en"
    )
    bob = make_person("Bob Bakker", email="bob@plein.test", handle="bob", language="en")
    group = make_group(anna, "Hypotheken", "open", members=(bob,))
    post = make_post(anna, "The new **rates** are live. #hypotheek", group=group)
    run_on_commit(check_create_comment, anna, post, body="Ask me anything")
    return anna, bob, group, post


def test_comment_count_follows_comments_added_and_deleted(page, log_in, team):
    post = team[3]
    log_in("bob@plein.test")
    page.goto(f"/posts/{post.pk}/")
    count = page.locator(f"#comment-count-{post.pk}")
    expect(count).to_have_text("1 comment")
    form = page.locator(f"#comment-form-{post.pk}")
    form.locator("textarea[name=body]").fill("Count me in")
    form.locator("button[type=submit]").click()
    expect(page.locator(".comment", has_text="Count me in")).to_be_visible()
    expect(count).to_have_text("2 comments")

    page.on("dialog", lambda dialog: dialog.accept())
    mine = page.locator(".comment", has_text="Count me in")
    mine.get_by_role("button", name="Delete").click()
    expect(mine).to_have_count(0)
    expect(count).to_have_text("1 comment")


def test_phone_composer_starts_as_one_line_and_opens(page, log_in, team):
    page.set_viewport_size(PHONE)
    log_in("bob@plein.test")
    page.goto("/")
    composer = page.locator("#composer")
    field = composer.locator("textarea[name=body]")
    expect(field).to_have_attribute("placeholder", "Start a post…")
    closed = composer.bounding_box()
    assert closed is not None and closed["height"] < 100, closed
    expect(composer.get_by_role("button", name="Publish")).to_be_hidden()
    # The feed starts on the first screen.
    first_card = page.locator("article.post-card").first.bounding_box()
    assert first_card is not None and first_card["y"] < PHONE["height"]

    field.click()
    expect(composer.get_by_role("button", name="Publish")).to_be_visible()
    expect(composer.get_by_text("Write an article")).to_be_visible()
    opened = composer.bounding_box()
    assert opened is not None and opened["height"] > 3 * closed["height"], opened

    field.fill("Posted from my phone")
    # Choosing a file or pressing Publish takes the focus away: still open.
    composer.get_by_label("Language").focus()
    expect(composer.get_by_role("button", name="Publish")).to_be_visible()
    composer.get_by_role("button", name="Publish").click()
    expect(page.locator("article", has_text="Posted from my phone")).to_be_visible()
    # A fresh composer is swapped in, folded again.
    expect(
        page.locator("#composer").get_by_role("button", name="Publish")
    ).to_be_hidden()


def test_at_mention_suggests_colleagues_and_links_the_choice(
    page, log_in, team, make_person
):
    make_person("Boris Sluiter", handle="boris", language="en")
    log_in("anna@plein.test")
    page.goto("/")
    field = page.locator("#composer textarea[name=body]")
    field.click()
    page.keyboard.type("Thanks @bo")
    listbox = page.get_by_role("listbox", name="Colleagues to mention")
    expect(listbox).to_be_visible()
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.first).to_contain_text("Bob Bakker")
    expect(options.first).to_contain_text("@bob")
    expect(options.first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", re.compile(r"-0$"))
    if AXE.exists():
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "() => axe.run('#composer', {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        assert [v["id"] for v in result["violations"]] == []

    page.keyboard.press("ArrowDown")  # Boris
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowUp")  # back to Bob
    page.keyboard.press("Enter")
    expect(listbox).to_be_hidden()
    expect(field).to_have_value("Thanks @bob ")
    page.keyboard.type("for the help")
    page.locator("#composer").get_by_role("button", name="Publish").click()
    card = page.locator("article", has_text="Thanks @bob for the help")
    expect(card.locator("a.mention")).to_have_attribute("href", "/people/bob/")


def test_at_mention_in_a_comment_closes_with_escape(page, log_in, team):
    post = team[3]
    log_in("bob@plein.test")
    page.goto(f"/posts/{post.pk}/")
    field = page.locator(f"#comment-form-{post.pk} textarea[name=body]")
    field.click()
    page.keyboard.type("Ask @an")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_text(re.compile("Anna de Jong"))
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(field).to_be_focused()
    expect(field).to_have_value("Ask @an")
    page.keyboard.type("n")  # typing on asks again
    expect(listbox).to_be_visible()
    page.keyboard.press("Tab")
    expect(field).to_have_value("Ask @anna ")


def test_htmx_actions_break_no_rule_of_the_csp(page, log_in, console, team):
    post = team[3]
    log_in("bob@plein.test")
    page.goto("/")
    page.wait_for_load_state("networkidle")
    # htmx adds no <style> of its own (the indicator styles are in plein.css).
    assert page.evaluate("document.querySelectorAll('style').length") == 0
    # Password managers and other extensions put style attributes on fields;
    # htmx must not copy one while it settles the swapped-in composer.
    page.evaluate(
        "document.querySelector('#composer textarea').style.outline = '1px solid red'"
    )
    page.locator("#composer textarea[name=body]").fill("Swapped by htmx")
    page.locator("#composer").get_by_role("button", name="Publish").click()
    expect(page.locator("article", has_text="Swapped by htmx")).to_be_visible()
    page.locator(f"#reactions-{post.pk} button").first.click()
    expect(page.locator(f"#reactions-{post.pk} button").first).to_have_attribute(
        "aria-pressed", "true"
    )
    # A search pushes its URL; going back reloads the page instead of
    # restoring a stored snapshot.
    page.goto("/search/?q=rates")
    page.locator("#search-q").fill("hypotheek")
    page.locator("form.search-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"q=hypotheek"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"q=rates"))
    expect(page.locator("#search-q")).to_have_value("rates")
    assert csp_problems(console) == []
    assert [m for m in console if "favicon" in m or "404" in m] == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_cards_have_inner_padding(page, log_in, team, viewport):
    post = team[3]
    page.set_viewport_size(viewport)
    log_in("bob@plein.test")
    least = 16  # px: --space-4 on phones, --space-5 from there up
    pages = {
        "/": ["#composer", "article.post-card", ".feed-aside .card"],
        f"/posts/{post.pk}/": ["article.post-card", "section.comments"],
        "/search/?q=rates": [".search-hit", "form.search-form"],
        "/groups/hypotheken/": [".group-header"],
    }
    for path, selectors in pages.items():
        page.goto(path)
        for selector in selectors:
            card = page.locator(selector).first
            padding = card.evaluate(
                "el => ['Top', 'Right', 'Bottom', 'Left'].map("
                "side => parseFloat(getComputedStyle(el)['padding' + side]))"
            )
            assert min(padding) >= least, (path, selector, padding)
            box = card.bounding_box()
            inner = card.locator(":scope > *:visible").first.bounding_box()
            assert box and inner and inner["x"] - box["x"] >= least, (path, selector)


def test_likes_on_one_post_are_one_notification(
    page, log_in, team, make_person, run_on_commit
):
    from plein.posts.actions import check_react

    post = team[3]
    for name in ("Carla", "Dirk", "Eva"):
        run_on_commit(check_react, make_person(f"{name} Test"), post=post, kind="like")
    log_in("anna@plein.test")
    page.goto("/notifications/")
    items = page.locator(".notification", has_text="reacted to your post")
    expect(items).to_have_count(1)
    expect(items).to_contain_text("and 2 others")
