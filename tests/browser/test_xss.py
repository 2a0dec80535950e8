"""Known XSS vectors, placed everywhere user text is shown, in headless Chromium.

Every vector of tests/fixtures/xss_vectors.txt goes through the actions into
post titles and bodies, comments, profile names, job titles and bios, group
names and descriptions, alert names, an announcement, a post made from
e-mail (its subject), notifications, and the echo of search and filter
queries. Then the pages are opened with a probe: ``window.__xss`` counts
vectors that ran, a dialog fails the test, and the DOM must hold no event
handler attribute, javascript:/data: URL, script, iframe, object, embed,
base or meta refresh that came from a vector.
"""

from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VECTORS = [
    line
    for line in (Path(__file__).parent.parent / "fixtures" / "xss_vectors.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("## ")
]

# Finds markup that only a vector could have put there: the application's
# own pages use no inline handlers (a Content Security Policy is coming).
DANGEROUS_MARKUP = """() => {
  const found = [];
  const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href", "poster"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (name.startsWith("on")) found.push(`${tag}[${name}]`);
      if (name.startsWith("hx-on") || name === "srcdoc") found.push(`${tag}[${name}]`);
      if (name.startsWith("hx-") && value.includes("/logout")) found.push(`${tag}[${name}]`);
      if (urlAttrs.includes(name) && /^(javascript|vbscript|data:text\\/html)/.test(value)) {
        found.push(`${tag}[${name}=${attr.value.slice(0, 40)}]`);
      }
      if (name === "style" && /expression\\(|javascript:/.test(value)) found.push(`${tag}[style]`);
    }
    if (["iframe", "object", "embed", "base"].includes(tag)) found.push(tag);
    if (tag === "meta" && (el.getAttribute("http-equiv") || "").toLowerCase() === "refresh") {
      found.push("meta refresh");
    }
    if (tag === "script" && el.textContent.includes("__xss")) found.push("script");
  }
  return found;
}"""


PER_POST = 3


def _chunks(items: list[str], limit: int) -> list[str]:
    """Join vectors into texts of at most ``limit`` characters."""
    chunks, current = [], ""
    for item in items:
        if current and len(current) + len(item) + 2 > limit:
            chunks.append(current)
            current = ""
        current = f"{current}\n\n{item}" if current else item
    return [*chunks, current] if current else chunks


def _one_line(vector: str, limit: int) -> str:
    return " ".join(vector.split())[:limit]


def _gateway_mail(sender: str, to: list[str], subject: str, number: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Message-ID"] = f"<xss{number}@mail.plein.test>"
    msg.set_content("Zie onderwerp.")
    return bytes(msg)


@pytest.fixture
def hostile_world(make_person, make_group, run_on_commit, settings):
    """Vera (who looks) and Xander (who attacks) fill Plein with vectors."""
    from plein.alerts.actions import check_create_alert
    from plein.announcements.actions import check_require_readers
    from plein.groups.actions import check_update_group
    from plein.mail.gateway.actions import do_receive_message
    from plein.posts.actions import check_create_comment, check_create_post

    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]
    settings.MAIL_POST_THRESHOLD = 2
    settings.MAIL_REQUIRE_DMARC = False
    settings.MAIL_AUTHSERV_ID = "mx.plein.test"
    vera = make_person(
        "Vera Viewer", email="vera@plein.test", handle="vera", language="en"
    )
    xander = make_person(
        _one_line(VECTORS[3], 150),
        email="xander@plein.test",
        handle="xander",
        job_title=_one_line(VECTORS[5], 120),
        bio=_chunks(VECTORS, 1000)[0],
    )
    people = [xander]
    for number, bio in enumerate(_chunks(VECTORS, 1000)[1:], start=1):
        people.append(
            make_person(
                _one_line(VECTORS[number * 7 % len(VECTORS)], 150),
                email=f"x{number}@plein.test",
                job_title=_one_line(VECTORS[number * 11 % len(VECTORS)], 120),
                bio=bio,
            )
        )
    groups = []
    for number, description in enumerate(_chunks(VECTORS, 2000)):
        name = f"{number} " + _one_line(VECTORS[number * 5 % len(VECTORS)], 76)
        group = make_group(vera, name, "open", members=(xander, *people[1:]))
        groups.append(
            run_on_commit(
                check_update_group,
                vera,
                group,
                name=group.name,
                description=description,
                kind="open",
            )
        )
    posts = []
    # Three vectors a post (title, body, comment), to keep the page count low.
    for number, start in enumerate(range(0, len(VECTORS), PER_POST)):
        vectors = VECTORS[start : start + PER_POST]
        post = run_on_commit(
            check_create_post,
            vera if number % 2 else xander,
            title=_one_line(" ".join(vectors), 200),
            body="\n\n".join(vectors) + "\n\nzqxss @vera",
            group=groups[number % len(groups)],
        )
        run_on_commit(check_create_comment, xander, post, body="\n\n".join(vectors))
        posts.append(post)
    for vector in VECTORS[:20]:
        if len(vector) <= 100:
            check_create_alert(vera, name=vector, query="zqxss")
    announced = next(p for p in posts if p.author_id == vera.pk)
    run_on_commit(check_require_readers, vera, announced, people=[xander])
    mailed = []
    for number, vector in enumerate(VECTORS[:6]):
        outcome = run_on_commit(
            do_receive_message,
            _gateway_mail(
                "xander@plein.test",
                ["vera@plein.test", "x1@plein.test", "x2@plein.test"],
                _one_line(vector, 200),
                number,
            ),
        )
        assert outcome.post_id, outcome
        mailed.append(outcome.post_id)
    return {
        "vera": vera,
        "people": people,
        "groups": groups,
        "posts": posts,
        "announced": announced,
        "mailed": mailed,
    }


def test_no_vector_runs_anywhere(page, log_in, hostile_world):
    from plein.alerts.models import Alert

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script("window.__xss = 0;")
    # The probe itself works: a vector that does run is seen.
    page.set_content(
        "<script>window.__xss = 0</script>"
        "<img src=x onerror=window.__xss++><a href='javascript:1'>a</a>"
    )
    page.wait_for_function("window.__xss === 1")
    assert {"img[onerror]", "script"} <= set(page.evaluate(DANGEROUS_MARKUP))
    log_in("vera@plein.test")

    world = hostile_world
    urls = [
        "/",
        "/notifications/",
        "/groups/",
        "/people/",
        "/alerts/",
        "/settings/",
        f"/posts/{world['announced'].pk}/receipts/",
        *(f"/groups/{group.slug}/" for group in world["groups"]),
        *(f"/people/{person.handle}/" for person in world["people"]),
        *(f"/posts/{post.pk}/" for post in world["posts"]),
        *(f"/posts/{pk}/" for pk in world["mailed"]),
        *(f"/alerts/{alert.pk}/" for alert in Alert.objects.all()),
        # Query echoes and error messages that repeat what was typed.
        *(
            f"/search/?q={quote(' '.join(VECTORS[i : i + 4]))}"
            for i in range(0, len(VECTORS), 4)
        ),
        *(f"/people/?q={quote(vector[:100])}" for vector in VECTORS[::4]),
        *(f"/search/?q=zqxss&date_from={quote(vector)}" for vector in VECTORS[::6]),
        *(f"/tags/{quote(vector[:40], safe='')}/" for vector in VECTORS[::6]),
    ]
    assert len(world["mailed"]) == 6, "the gateway refused the hostile subjects"
    problems = []
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("load")
        ran = page.evaluate("window.__xss")
        markup = page.evaluate(DANGEROUS_MARKUP)
        if ran or markup:
            problems.append(f"{url}: ran {ran}, markup {markup}")
    assert dialogs == []
    assert problems == []
