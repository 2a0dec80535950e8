"""The wiki's web pages: write, read, edit, conflicts, history, diff, verify."""

import datetime
import difflib
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plein.access.roles import Role
from plein.knowledge.wiki.actions import check_create_page, check_edit_page
from plein.knowledge.wiki.models import Page

pytestmark = pytest.mark.django_db

BSN_TEXT = "Zijn BSN is 111222333."
MARKER_TEXT = "Strikt vertrouwelijk: de plannen voor volgend jaar."


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ann(make_person: Any) -> Any:
    # English, so the tests may read the wording.
    return make_person("Ann Writer", handle="ann", language="en")


@pytest.fixture
def ben(make_person: Any) -> Any:
    return make_person("Ben Editor", handle="ben", language="en")


@pytest.fixture
def page(ann: Any, run_on_commit: Any) -> Any:
    return run_on_commit(
        check_create_page, ann, title="Expenses", body="Step one\nStep two"
    )


def edit(page: Any, user: Any, body: str, *, base: int, note: str = "") -> Any:
    return check_edit_page(
        user, page, title=page.title, body=body, base_revision=base, note=note
    )


# --- Creating ---------------------------------------------------------------


def test_new_page_form_is_filled_from_the_link_that_led_there(ann: Any) -> None:
    response = client_for(ann).get(reverse("wiki:new"), {"title": "Travel policy"})
    assert response.status_code == 200
    assert 'value="Travel policy"' in response.content.decode()


def test_creating_a_page_redirects_to_it_and_shows_it(ann: Any) -> None:
    client = client_for(ann)
    response = client.post(
        reverse("wiki:new"), {"title": "Onboarding", "body": "Welcome **all**"}
    )
    page = Page.objects.get(title="Onboarding")
    assert response.status_code == 302
    assert response["Location"] == reverse("wiki:page", args=[page.pk])
    html = client.get(response["Location"]).content.decode()
    assert "<strong>all</strong>" in html
    assert "Ann Writer" in html  # the owner
    assert reverse("wiki:edit", args=[page.pk]) in html
    assert reverse("wiki:history", args=[page.pk]) in html


def test_a_page_in_a_group_and_under_a_parent(
    ann: Any, make_group: Any, run_on_commit: Any
) -> None:
    group = make_group(ann, "Finance", "open")
    client = client_for(ann)
    response = client.post(
        reverse("wiki:new"), {"title": "Budget", "body": "", "group": str(group.pk)}
    )
    parent = Page.objects.get(title="Budget")
    assert parent.group == group and response.status_code == 302
    client.post(reverse("wiki:new"), {"title": "Budget 2027", "parent": parent.pk})
    child = Page.objects.get(title="Budget 2027")
    assert child.parent == parent and child.group == group
    html = client.get(reverse("wiki:page", args=[child.pk])).content.decode()
    assert reverse("wiki:page", args=[parent.pk]) in html  # breadcrumb
    assert reverse("wiki:group-index", args=[group.slug]) in html
    parent_html = client.get(reverse("wiki:page", args=[parent.pk])).content.decode()
    assert "Budget 2027" in parent_html  # listed as a sub-page
    index = client.get(reverse("wiki:group-index", args=[group.slug]))
    assert "Budget 2027" in index.content.decode()


def test_only_members_write_in_a_group_wiki(
    ann: Any, ben: Any, make_group: Any
) -> None:
    group = make_group(ann, "Finance", "open")
    client = client_for(ben)
    url = reverse("wiki:new")
    assert client.get(url, {"group": group.slug}).status_code == 403
    response = client.post(url, {"title": "Mine", "group": group.slug})
    assert response.status_code == 403
    assert not Page.objects.exists()


def test_form_keeps_the_text_when_the_title_is_missing(ann: Any) -> None:
    response = client_for(ann).post(
        reverse("wiki:new"), {"title": "  ", "body": "Lots of careful text"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lots of careful text" in html
    assert "Give the page a title." in html
    assert 'aria-invalid="true"' in html or "has-error" in html
    assert not Page.objects.exists()


def test_form_keeps_the_text_when_the_title_is_taken(ann: Any, page: Any) -> None:
    response = client_for(ann).post(
        reverse("wiki:new"), {"title": "expenses", "body": "A second try"}
    )
    html = response.content.decode()
    assert "A second try" in html
    assert "This wiki already has a page with this title." in html
    assert Page.objects.count() == 1


def test_leak_prevention_refusal_keeps_the_text(ann: Any) -> None:
    from plein.governance.dlp.models import DlpHit

    response = client_for(ann).post(
        reverse("wiki:new"), {"title": "Payroll", "body": BSN_TEXT}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "111222333" in html  # kept in the textarea
    assert "******333" in html  # the finding, masked
    assert not Page.objects.exists()
    assert DlpHit.objects.get().place == "wiki"


def test_leak_prevention_warning_asks_why_then_saves(
    ann: Any, run_on_commit: Any
) -> None:
    client = client_for(ann)
    response = client.post(reverse("wiki:new"), {"title": "Plans", "body": MARKER_TEXT})
    assert 'name="justification"' in response.content.decode()
    assert not Page.objects.exists()
    response = run_on_commit(
        client.post,
        reverse("wiki:new"),
        {"title": "Plans", "body": MARKER_TEXT, "justification": "Shared widely."},
    )
    assert response.status_code == 302
    assert Page.objects.get().body == MARKER_TEXT


# --- Reading ----------------------------------------------------------------


def test_reading_a_page_is_recorded_once(ann: Any, ben: Any, page: Any) -> None:
    from plein.knowledge.wiki.models import PageRead

    client = client_for(ben)
    assert client.get(reverse("wiki:page", args=[page.pk])).status_code == 200
    client.get(reverse("wiki:page", args=[page.pk]))
    assert PageRead.objects.filter(page=page, reader=ben).count() == 1


def test_index_lists_the_organisation_tree_and_recent_changes(
    ann: Any, page: Any, run_on_commit: Any
) -> None:
    child = run_on_commit(
        check_create_page, ann, title="Travel costs", body="", parent=page
    )
    html = client_for(ann).get(reverse("wiki:index")).content.decode()
    assert reverse("wiki:page", args=[page.pk]) in html
    assert reverse("wiki:page", args=[child.pk]) in html
    assert html.index("Expenses") < html.index("Travel costs")


def test_secret_group_wiki_does_not_exist_for_outsiders(
    ann: Any, ben: Any, make_group: Any, run_on_commit: Any
) -> None:
    secret = make_group(ann, "North Star", "secret")
    hidden = run_on_commit(
        check_create_page, ann, title="Zqhidden plan", body="x", group=secret
    )
    client = client_for(ben)
    assert (
        client.get(reverse("wiki:group-index", args=[secret.slug])).status_code == 404
    )
    missing = client.get(reverse("wiki:page", args=[hidden.pk + 1000]))
    for name in ("wiki:page", "wiki:history", "wiki:edit", "wiki:diff"):
        response = client.get(reverse(name, args=[hidden.pk]))
        assert response.status_code == missing.status_code == 404
    verify = client.post(reverse("wiki:verify", args=[hidden.pk]))
    assert verify.status_code == 404
    assert client.get(reverse("wiki:new"), {"group": secret.slug}).status_code == 404
    index = client.get(reverse("wiki:index")).content.decode()
    assert "Zqhidden" not in index and "North Star" not in index
    # The members see it.
    member = client_for(ann).get(reverse("wiki:group-index", args=[secret.slug]))
    assert "Zqhidden plan" in member.content.decode()


def test_closed_group_wiki_shows_no_pages_to_outsiders(
    ann: Any, ben: Any, make_group: Any, run_on_commit: Any
) -> None:
    closed = make_group(ann, "Board", "closed")
    page = run_on_commit(
        check_create_page, ann, title="Zqboard minutes", body="x", group=closed
    )
    response = client_for(ben).get(reverse("wiki:group-index", args=[closed.slug]))
    assert response.status_code == 200
    assert "Zqboard" not in response.content.decode()
    assert client_for(ben).get(reverse("wiki:page", args=[page.pk])).status_code == 404


def test_guest_has_no_organisation_wiki(
    ann: Any, make_person: Any, make_group: Any, page: Any, run_on_commit: Any
) -> None:
    guest = make_person("Gert Guest", role=Role.GUEST, language="en")
    group = make_group(ann, "Project X", "closed", members=(guest,))
    theirs = run_on_commit(
        check_create_page, ann, title="Zqproject page", body="", group=group
    )
    client = client_for(guest)
    html = client.get(reverse("wiki:index")).content.decode()
    assert "Expenses" not in html
    assert "Zqproject page" in html or "Project X" in html
    assert client.get(reverse("wiki:page", args=[page.pk])).status_code == 404
    assert client.get(reverse("wiki:new")).status_code == 403
    assert client.post(reverse("wiki:new"), {"title": "Mine"}).status_code == 403
    assert client.get(reverse("wiki:page", args=[theirs.pk])).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(page: Any) -> None:
    response = Client().get(reverse("wiki:page", args=[page.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- Editing and conflicts --------------------------------------------------


def test_edit_form_names_the_base_revision_and_saves_a_new_one(
    ann: Any, ben: Any, page: Any
) -> None:
    client = client_for(ben)
    url = reverse("wiki:edit", args=[page.pk])
    form = client.get(url).content.decode()
    assert 'name="base_revision" value="1"' in form
    response = client.post(
        url,
        {
            "title": "Expenses",
            "body": "Step one\nStep three",
            "note": "New step",
            "base_revision": "1",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.revision == 2 and "Step three" in page.body
    history = client.get(reverse("wiki:history", args=[page.pk])).content.decode()
    assert "New step" in history and "Ben Editor" in history and "Ann Writer" in history


def test_conflict_answers_409_and_keeps_the_editors_text(
    ann: Any, ben: Any, page: Any, run_on_commit: Any
) -> None:
    run_on_commit(edit, page, ann, "Step one\nStep two\nAnn's step", base=1)
    client = client_for(ben)
    url = reverse("wiki:edit", args=[page.pk])
    data = {
        "title": "Expenses",
        "body": "Ben's careful rewrite",
        "note": "Rewrite",
        "base_revision": "1",
    }
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Ben&#x27;s careful rewrite" in html  # the text is kept
    assert 'name="base_revision" value="2"' in html  # now on the newest base
    assert "Someone saved this page while you were editing it." in html
    assert "Ann&#x27;s step" in html  # the newest version and its diff
    assert "wiki-diff-added" in html
    page.refresh_from_db()
    assert page.revision == 2 and "Ann's step" in page.body
    response = client.post(url, {**data, "base_revision": "2"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.revision == 3 and page.body == "Ben's careful rewrite"


def test_conflict_shows_how_the_editors_text_differs_from_the_newest(
    ann: Any, ben: Any, page: Any, run_on_commit: Any
) -> None:
    run_on_commit(edit, page, ann, "Step one\nStep two\nAnn's step", base=1)
    response = client_for(ben).post(
        reverse("wiki:edit", args=[page.pk]),
        {"title": "Expenses", "body": "Step one\r\nBen's step", "base_revision": "1"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    heading = "How your text differs from the newest version"
    assert heading in html
    yours = html.split(heading, 1)[1].split("</ol>", 1)[0]
    assert yours.count("wiki-diff-added") == 1 and "Ben&#x27;s step</ins>" in yours
    assert yours.count("wiki-diff-removed") == 2
    assert "Step two</del>" in yours and "Ann&#x27;s step</del>" in yours
    assert "Step one</li>" in yours and "# Expenses</li>" in yours
    # The first diff (base to newest) is still there, before it.
    assert html.index("What changed since your version 1") < html.index(heading)


def test_conflict_with_the_same_text_shows_no_second_diff(
    ann: Any, ben: Any, page: Any, run_on_commit: Any
) -> None:
    run_on_commit(edit, page, ann, "Same words", base=1)
    response = client_for(ben).post(
        reverse("wiki:edit", args=[page.pk]),
        {"title": "Expenses", "body": "Same words", "base_revision": "1"},
    )
    assert response.status_code == 409
    assert "How your text differs" not in response.content.decode()


def test_edit_refused_by_leak_prevention_keeps_the_text(ann: Any, page: Any) -> None:
    response = client_for(ann).post(
        reverse("wiki:edit", args=[page.pk]),
        {"title": "Expenses", "body": "Ask Piet. " + BSN_TEXT, "base_revision": "1"},
    )
    assert response.status_code == 200
    assert "Ask Piet." in response.content.decode()
    page.refresh_from_db()
    assert page.revision == 1


def test_edit_without_base_revision_saves_nothing(ann: Any, page: Any) -> None:
    response = client_for(ann).post(
        reverse("wiki:edit", args=[page.pk]), {"title": "Expenses", "body": "New"}
    )
    assert response.status_code == 200
    assert "New" in response.content.decode()
    page.refresh_from_db()
    assert page.revision == 1


def test_group_outsiders_may_read_but_not_edit_an_open_group_page(
    ann: Any, ben: Any, make_group: Any, run_on_commit: Any
) -> None:
    group = make_group(ann, "Finance", "open")
    page = run_on_commit(check_create_page, ann, title="Rules", body="", group=group)
    client = client_for(ben)
    html = client.get(reverse("wiki:page", args=[page.pk])).content.decode()
    assert reverse("wiki:edit", args=[page.pk]) not in html
    assert client.get(reverse("wiki:edit", args=[page.pk])).status_code == 403
    response = client.post(
        reverse("wiki:edit", args=[page.pk]),
        {"title": "Rules", "body": "Mine now", "base_revision": "1"},
    )
    assert response.status_code == 403
    assert client.post(reverse("wiki:verify", args=[page.pk])).status_code == 403


def test_preview_renders_markdown_and_saves_nothing(ann: Any, page: Any) -> None:
    response = client_for(ann).post(
        reverse("wiki:preview"),
        {"body": "Some **bold** text", "page": str(page.pk)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.content.decode()
    assert "<html" not in response.content.decode()  # only the fragment
    page.refresh_from_db()
    assert page.revision == 1


def test_preview_of_a_secret_groups_page_is_404_for_outsiders(
    ann: Any, ben: Any, make_group: Any, run_on_commit: Any
) -> None:
    secret = make_group(ann, "North Star", "secret")
    hidden = run_on_commit(check_create_page, ann, title="Plan", group=secret)
    client = client_for(ben)
    url = reverse("wiki:preview")
    assert client.post(url, {"body": "x", "page": hidden.pk}).status_code == 404
    assert client.post(url, {"body": "x", "group": secret.slug}).status_code == 404


# --- History, diff, restore, verify ----------------------------------------


def test_diff_shows_lines_added_and_removed(
    ann: Any, ben: Any, page: Any, run_on_commit: Any
) -> None:
    run_on_commit(edit, page, ben, "Step one\nStep three", base=1)
    client = client_for(ann)
    url = reverse("wiki:diff", args=[page.pk])
    html = client.get(url, {"from": "1", "to": "2"}).content.decode()
    assert "<del>" in html and "Step two" in html
    assert "<ins>" in html and "Step three" in html
    # Without numbers: the last change; swapped numbers are put in order.
    assert client.get(url).content.decode().count("<ins>") == 1
    assert "Step three" in client.get(url, {"from": "2", "to": "1"}).content.decode()
    assert client.get(url, {"from": "1", "to": "9"}).status_code == 404


def test_history_offers_two_versions_to_compare(
    ann: Any, page: Any, run_on_commit: Any
) -> None:
    run_on_commit(edit, page, ann, "Changed", base=1, note="Shorter")
    html = client_for(ann).get(reverse("wiki:history", args=[page.pk])).content.decode()
    assert 'name="from" value="1" id="from-1" checked' in html
    assert 'name="to" value="2" id="to-2" checked' in html
    assert reverse("wiki:revision", args=[page.pk, 1]) in html


def test_an_old_revision_can_be_read_and_restored(
    ann: Any, page: Any, run_on_commit: Any
) -> None:
    run_on_commit(edit, page, ann, "Wrong text", base=1)
    client = client_for(ann)
    html = client.get(reverse("wiki:revision", args=[page.pk, 1])).content.decode()
    assert "Step one" in html and reverse("wiki:restore", args=[page.pk, 1]) in html
    assert client.get(reverse("wiki:revision", args=[page.pk, 7])).status_code == 404
    response = run_on_commit(client.post, reverse("wiki:restore", args=[page.pk, 1]))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.revision == 3 and page.body == "Step one\nStep two"
    assert client.get(reverse("wiki:restore", args=[page.pk, 1])).status_code == 405


def test_verify_with_htmx_swaps_the_verified_line(
    ann: Any, page: Any, run_on_commit: Any
) -> None:
    old = timezone.now() - datetime.timedelta(days=400)
    Page.objects.filter(pk=page.pk).update(last_verified_at=old)
    client = client_for(ann)
    assert (
        "Needs a check"
        in client.get(reverse("wiki:page", args=[page.pk])).content.decode()
    )
    response = run_on_commit(
        client.post,
        reverse("wiki:verify", args=[page.pk]),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Verified, thank you" in html and "<html" not in html
    assert "by Ann Writer" in html
    page.refresh_from_db()
    assert page.last_verified_at > old
    assert "HX-Request" in response["Vary"]


def test_stale_list_shows_ones_own_old_pages(
    ann: Any, ben: Any, page: Any, run_on_commit: Any
) -> None:
    other = run_on_commit(check_create_page, ben, title="Zqbens page", body="")
    old = timezone.now() - datetime.timedelta(days=400)
    Page.objects.filter(pk__in=[page.pk, other.pk]).update(last_verified_at=old)
    html = client_for(ann).get(reverse("wiki:stale")).content.decode()
    assert "Expenses" in html and "Zqbens" not in html
    response = run_on_commit(
        client_for(ann).post,
        reverse("wiki:verify", args=[page.pk]),
        {"next": reverse("wiki:stale")},
    )
    assert response["Location"] == reverse("wiki:stale")


# --- Links, contents, move, owner, delete -----------------------------------


def test_page_shows_contents_links_and_backlinks(
    ann: Any, page: Any, run_on_commit: Any
) -> None:
    other = run_on_commit(
        check_create_page,
        ann,
        title="Travel",
        body="## Trains\nSee [[Expenses]] and [[Zqmissing page]].",
    )
    client = client_for(ann)
    html = client.get(reverse("wiki:page", args=[other.pk])).content.decode()
    assert 'href="#h-trains"' in html  # the table of contents
    assert f'href="/wiki/{page.pk}/"' in html  # the [[link]]
    assert "/wiki/new/?title=Zqmissing" in html  # a page still to write
    target = client.get(reverse("wiki:page", args=[page.pk])).content.decode()
    assert reverse("wiki:page", args=[other.pk]) in target  # the backlink


def test_preview_resolves_links_in_the_page_wiki(ann: Any, page: Any) -> None:
    response = client_for(ann).post(reverse("wiki:preview"), {"body": "[[Expenses]]"})
    assert f'href="/wiki/{page.pk}/"' in response.content.decode()


def test_move_a_page_under_another(ann: Any, page: Any, run_on_commit: Any) -> None:
    other = run_on_commit(check_create_page, ann, title="Travel", body="")
    client = client_for(ann)
    url = reverse("wiki:move", args=[other.pk])
    form = client.get(url).content.decode()
    assert f'value="page:{page.pk}"' in form
    assert f'value="page:{other.pk}"' not in form  # not under itself
    response = run_on_commit(client.post, url, {"place": f"page:{page.pk}"})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.parent == page
    # The parent may not go under its own child: it is not offered.
    parent_form = client.get(reverse("wiki:move", args=[page.pk])).content.decode()
    assert f'value="page:{other.pk}"' not in parent_form
    refused = client.post(
        reverse("wiki:move", args=[page.pk]), {"place": f"page:{other.pk}"}
    )
    assert refused.status_code == 200
    page.refresh_from_db()
    assert page.parent is None


def test_move_a_page_to_a_group_wiki(
    ann: Any, page: Any, make_group: Any, run_on_commit: Any
) -> None:
    group = make_group(ann, "Finance", "open")
    url = reverse("wiki:move", args=[page.pk])
    # Another wiki means other readers: the box must be ticked.
    unticked = client_for(ann).post(url, {"place": f"wiki:{group.pk}"})
    assert unticked.status_code == 200
    assert "tick the box" in unticked.content.decode()
    page.refresh_from_db()
    assert page.group is None
    response = run_on_commit(
        client_for(ann).post,
        url,
        {"place": f"wiki:{group.pk}", "to_other_wiki": "on"},
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.group == group


def test_owner_hands_the_page_to_a_colleague(ann: Any, ben: Any, page: Any) -> None:
    client = client_for(ann)
    url = reverse("wiki:owner", args=[page.pk])
    unknown = client.post(url, {"handle": "@nobody"})
    assert "There is no colleague with this handle." in unknown.content.decode()
    response = client.post(url, {"handle": "@ben"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.owner == ben
    # Ann is no longer the owner: she may not hand it on or delete it.
    assert client.get(url).status_code == 403
    assert client.get(reverse("wiki:delete", args=[page.pk])).status_code == 403


def test_delete_asks_first_then_removes_the_page(
    ann: Any, page: Any, run_on_commit: Any
) -> None:
    client = client_for(ann)
    url = reverse("wiki:delete", args=[page.pk])
    assert client.get(url).status_code == 200
    page.refresh_from_db()
    assert page.deleted_at is None
    response = run_on_commit(client.post, url)
    assert response["Location"] == reverse("wiki:index")
    assert client.get(reverse("wiki:page", args=[page.pk])).status_code == 404


def test_colleagues_can_say_a_page_helped_them(ben: Any, page: Any) -> None:
    html = client_for(ben).get(reverse("wiki:page", args=[page.pk])).content.decode()
    assert reverse("recognition:helped-page", args=[page.pk]) in html


def _query_shapes(queries: Any) -> list[str]:
    """The SQL of each query with its values and savepoint names blanked."""
    shapes = []
    for query in queries.captured_queries:
        sql = re.sub(r'"s\d+_x\d+"', '"savepoint"', query["sql"])
        shapes.append(re.sub(r"'[^']*'|\b\d+(\.\d+)?\b", "?", sql))
    return shapes


def test_index_and_page_queries_do_not_grow_with_the_wiki(
    ann: Any, page: Any, run_on_commit: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(ann)

    def run(url: str) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return _query_shapes(queries)

    index, detail = reverse("wiki:index"), reverse("wiki:page", args=[page.pk])
    # The clock stands still: the session's last-seen stamp is written again
    # once a minute has passed (plein.people.security), which a slow run
    # used to reach between the two measurements, adding a session UPDATE
    # that has nothing to do with the wiki's size.
    with time_machine.travel(timezone.now(), tick=False):
        # The first visits write once: the session's stamps and the first
        # read of the page (PageRead). Measure after them.
        run(index), run(detail)
        before = {"index": run(index), "page": run(detail)}
        for number in range(6):
            run_on_commit(
                check_create_page, ann, title=f"Sub {number}", body="x", parent=page
            )
        after = {"index": run(index), "page": run(detail)}
    for name, queries in after.items():
        # The same queries, not only as many: a diff says what changed.
        assert queries == before[name], "\n".join(
            difflib.unified_diff(before[name], queries, name, name, lineterm="")
        )


def test_guidelines_refusal_links_to_them_and_keeps_the_text(
    ann: Any, make_person: Any, settings: Any
) -> None:
    from plein.governance.guidelines.actions import check_publish_guidelines

    settings.GUIDELINES_REQUIRED = True
    check_publish_guidelines(
        make_person("Ada Admin", role=Role.ADMIN),
        title_nl="Richtlijnen",
        title_en="Guidelines",
        body_nl="Wees aardig.",
        body_en="Be kind.",
    )
    response = client_for(ann).post(
        reverse("wiki:new"), {"title": "Onboarding", "body": "My careful text"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/guidelines/"' in html and "My careful text" in html
    assert not Page.objects.exists()


def test_a_missing_link_in_a_group_page_opens_the_editor_in_that_wiki(
    ann: Any, make_group: Any, run_on_commit: Any
) -> None:
    group = make_group(ann, "Finance", "open")
    source = run_on_commit(
        check_create_page, ann, title="Budget", body="See [[Zqforecast]].", group=group
    )
    client = client_for(ann)
    html = client.get(reverse("wiki:page", args=[source.pk])).content.decode()
    missing = f"/wiki/new/?title=Zqforecast&amp;group={group.pk}"
    assert missing in html
    form = client.get(missing.replace("&amp;", "&")).content.decode()
    assert 'value="Zqforecast"' in form
    assert f'name="group" value="{group.slug}"' in form
    preview = client.post(
        reverse("wiki:preview"), {"body": "[[Budget]]", "group": group.slug}
    )
    assert f'href="/wiki/{source.pk}/"' in preview.content.decode()


def test_move_offers_only_wikis_one_may_write_in(
    ann: Any, ben: Any, page: Any, make_group: Any
) -> None:
    secret = make_group(ann, "North Star", "secret")
    mine = make_group(ben, "Bens team", "open")
    html = client_for(ben).get(reverse("wiki:move", args=[page.pk])).content.decode()
    assert f'value="wiki:{mine.pk}"' in html
    assert f'value="wiki:{secret.pk}"' not in html and "North Star" not in html
    refused = client_for(ben).post(
        reverse("wiki:move", args=[page.pk]), {"place": f"wiki:{secret.pk}"}
    )
    assert refused.status_code == 200  # not a choice: the form says so
    page.refresh_from_db()
    assert page.group is None


def test_a_long_history_comes_in_pages(
    ann: Any, page: Any, run_on_commit: Any, monkeypatch: Any
) -> None:
    from plein.knowledge.wiki import views

    monkeypatch.setattr(views, "HISTORY_PER_PAGE", 2)
    run_on_commit(edit, page, ann, "Two", base=1)
    run_on_commit(edit, page, ann, "Three", base=2)
    client = client_for(ann)
    url = reverse("wiki:history", args=[page.pk])
    first = client.get(url).content.decode()
    assert 'id="to-3" checked' in first and 'id="from-1"' not in first
    assert 'rel="next"' in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert 'id="from-1"' in second and 'id="to-3"' not in second


def test_verify_refused_with_htmx_lands_in_the_alerts(
    ann: Any, ben: Any, make_group: Any, run_on_commit: Any
) -> None:
    group = make_group(ann, "Finance", "open")
    page = run_on_commit(check_create_page, ann, title="Rules", group=group)
    response = client_for(ben).post(
        reverse("wiki:verify", args=[page.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 403
    assert response["HX-Retarget"] == "#alerts"


def test_diff_ignores_numbers_that_are_not_numbers(
    ann: Any, page: Any, run_on_commit: Any
) -> None:
    run_on_commit(edit, page, ann, "Other", base=1)
    response = client_for(ann).get(
        reverse("wiki:diff", args=[page.pk]), {"from": "x", "to": "-2"}
    )
    assert response.status_code == 200
    assert "Other" in response.content.decode()


def test_a_deleted_page_and_its_history_are_gone(
    ann: Any, page: Any, run_on_commit: Any
) -> None:
    client = client_for(ann)
    run_on_commit(client.post, reverse("wiki:delete", args=[page.pk]))
    for name in ("wiki:page", "wiki:history", "wiki:edit", "wiki:diff"):
        assert client.get(reverse(name, args=[page.pk])).status_code == 404
    assert "Expenses" not in client.get(reverse("wiki:index")).content.decode()
