"""WCAG 2.1 AA checks by axe-core on the pages people use every day."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make install runs npm ci)")
    # Evaluated, not injected as a <script>: the Content Security Policy
    # refuses inline scripts, and that is how it should stay.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


@pytest.fixture
def lived_in(make_person, make_group, make_post, run_on_commit):
    from plein.posts.actions import check_create_comment

    anna = make_person(
        "Anna de Jong",
        email="anna@plein.test",
        handle="anna",
        language="nl",
        job_title="Adviseur",
    )
    bram = make_person(
        "Bram Visser", email="bram@plein.test", handle="bram", language="nl"
    )
    group = make_group(anna, "Hypotheken", "open", members=(bram,))
    post = make_post(
        anna, "De nieuwe **rentetarieven** staan online, @bram. #hypotheek", group=group
    )
    run_on_commit(check_create_comment, bram, post, body="Dank je, Anna!")
    return anna, group, post


def test_login_page_meets_wcag_aa(page):
    page.goto("/login/")
    assert violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/groups/",
        "/groups/hypotheken/",
        "/people/",
        "/people/anna/",
        "/people/org-chart/",
        "/search/?q=rente",
        "/notifications/",
        "/settings/",
        "/tags/hypotheek/",
        "POST",
    ],
)
def test_daily_pages_meet_wcag_aa(page, log_in, lived_in, path):
    _anna, _group, post = lived_in
    log_in("bram@plein.test")
    page.goto(f"/posts/{post.pk}/" if path == "POST" else path)
    assert violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/guidelines/",
        "/privacy/",
        "/moderation/",
        "/dlp/review/",
        "/compliance/audit/",
        "/compliance/retention/",
        "/guidelines/acceptances/",
    ],
)
def test_governance_pages_meet_wcag_aa(page, log_in, lived_in, make_person, path):
    from plein.access.roles import Role

    make_person("Ruud Beheer", email="ruud@plein.test", role=Role.ADMIN)
    log_in("ruud@plein.test")
    assert page.goto(path).status == 200
    assert violations(page) == []


@pytest.mark.parametrize("path", ["/compliance/exports/", "/compliance/holds/"])
def test_compliance_officer_pages_meet_wcag_aa(
    page, log_in, lived_in, make_person, path
):
    from plein.access.roles import Role

    make_person("Frank Toezicht", email="frank@plein.test", role=Role.COMPLIANCE)
    log_in("frank@plein.test")
    assert page.goto(path).status == 200
    assert violations(page) == []


@pytest.fixture
def wiki_pages(lived_in, run_on_commit):
    from plein.knowledge.wiki.actions import check_create_page, check_edit_page

    anna, group, _post = lived_in
    rules = run_on_commit(
        check_create_page,
        anna,
        title="Huisregels",
        body="## Kantoor\nSleutel bij Bram.",
    )
    run_on_commit(
        check_edit_page,
        anna,
        rules,
        title="Huisregels",
        body="## Kantoor\nSleutel bij Anna.\n\nZie [[Declaraties]].",
        base_revision=1,
        note="Nieuwe sleutelhouder",
    )
    run_on_commit(check_create_page, anna, title="Rente", body="Tabel", group=group)
    from plein.knowledge.wiki.actions import check_upload_page_file

    check_upload_page_file(  # the list of files on the page and in the editor
        anna, rules, filename="plan.pdf", content_type="application/pdf", data=b"%PDF-1"
    )
    return rules


@pytest.mark.parametrize(
    "path",
    [
        "/wiki/",
        "/wiki/new/?title=Declaraties",
        "/wiki/stale/",
        "/groups/hypotheken/wiki/",
        "/wiki/{id}/",
        "/wiki/{id}/edit/",
        "/wiki/{id}/files/",
        "/wiki/{id}/history/",
        "/wiki/{id}/diff/",
        "/wiki/{id}/revisions/1/",
        "/wiki/{id}/move/",
        "/wiki/{id}/owner/",
        "/wiki/{id}/delete/",
    ],
)
def test_wiki_pages_meet_wcag_aa(page, log_in, wiki_pages, path):
    log_in("anna@plein.test")
    assert page.goto(path.format(id=wiki_pages.pk)).status == 200
    assert violations(page) == []


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("bram", "/experts/?q=hypotheek"),
        ("bram", "/experts/?q=zzzniemand"),
        ("bram", "/people/anna/"),
        ("anna", "/me/expertise/"),
    ],
)
def test_expertise_pages_meet_wcag_aa(page, log_in, lived_in, run_on_commit, who, path):
    from plein.knowledge.expertise.actions import check_decide_topic
    from plein.people.actions import check_update_profile

    anna, _group, _post = lived_in
    run_on_commit(check_update_profile, anna, anna, skills=["Hypotheken", "Rente"])
    run_on_commit(check_decide_topic, anna, "hypotheek", "confirmed")
    log_in(f"{who}@plein.test")
    assert page.goto(path).status == 200
    assert violations(page) == []


@pytest.fixture
def public_wall(lived_in, make_person, make_post, run_on_commit):
    """The wall switched on, with two approved posts (one an article)."""
    from plein.access.roles import Role
    from plein.access.wall import access_wall_item_for_review, access_wall_offer
    from plein.branding.wall.actions import check_decide_wall_item, check_offer_post
    from plein.branding.wall.models import WallSettings

    anna, group, _post = lived_in
    mo = make_person("Mo Derator", email="mo@plein.test", role=Role.MODERATOR)
    WallSettings.objects.update_or_create(pk=1, defaults={"is_enabled": True})
    posts = [
        make_post(anna, "Ons team liep de marathon. Iedereen haalde de finish!"),
        make_post(
            anna,
            "Lees [ons jaarverslag](https://example.org/jaar).\n\n- groei\n- plezier",
            group=group,
        ),
    ]
    for post in posts:
        run_on_commit(
            check_offer_post, anna, access_wall_offer(anna, post.pk), offered=True
        )
        item = access_wall_item_for_review(mo, post.pk)
        run_on_commit(check_decide_wall_item, mo, item, approve=True, note="")
    return posts


@pytest.mark.parametrize("path", ["/wall/", "/wall/embed/", "/wall/{id}/"])
def test_public_wall_pages_meet_wcag_aa(page, public_wall, monkeypatch, path):
    from plein.branding.wall import queries

    # One post a page, so the "older posts" links are checked too.
    monkeypatch.setattr(queries, "WALL_PAGE_SIZE", 1)
    monkeypatch.setattr(queries, "EMBED_PAGE_SIZE", 1)
    assert page.goto(path.format(id=public_wall[0].pk)).status == 200
    assert violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/listening/submit/",
        "/listening/submit/?url=https%3A%2F%2Fexample.org%2Fa&title=Een+review",
        "/share/?url=https%3A%2F%2Fexample.org%2Fa&title=Een+review",
    ],
)
def test_sending_a_link_in_meets_wcag_aa(page, log_in, lived_in, path):
    log_in("bram@plein.test")
    assert page.goto(path).status == 200
    assert violations(page) == []


@pytest.fixture
def triaged_mention(lived_in, make_person, run_on_commit):
    """A mention assigned to a moderator, with a note and its history."""
    from plein.access.roles import Role
    from plein.listening.mentions.actions import FeedItem, do_take_in
    from plein.listening.mentions.models import Mention
    from plein.listening.sources.actions import do_add_source
    from plein.listening.triage.actions import check_add_note, check_change_triage

    mo = make_person("Mo Luister", email="mo@plein.test", role=Role.MODERATOR)
    source = do_add_source(mo, name="Blogs", url="https://blogs.example/feed")
    item = FeedItem(url="https://blogs.example/a", title="Een blog", excerpt="Lang.")
    run_on_commit(do_take_in, source, [item])
    mention = Mention.objects.get()
    run_on_commit(check_change_triage, mo, mention, assignee=mo)
    run_on_commit(check_add_note, mo, mention, "Navragen.")
    return mention


@pytest.mark.parametrize(
    "path",
    [
        "/listening/triage/",
        "/listening/triage/?state=assigned&assignee=mine",
        "/listening/triage/{id}/",
        "/listening/triage/{id}/discuss/",
        "/listening/",
        "/listening/sources/",
        "/listening/watches/",
        "/listening/watches/new/",
        "/listening/insights/",
    ],
)
def test_listening_pages_meet_wcag_aa(page, log_in, triaged_mention, path):
    log_in("mo@plein.test")
    assert page.goto(path.format(id=triaged_mention.pk)).status == 200
    assert violations(page) == []
