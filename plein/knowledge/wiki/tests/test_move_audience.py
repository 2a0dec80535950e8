"""Moving a wiki page to another wiki changes its readers: nothing leaks.

The story: Sara and Bram write a page in the secret group "Overname". Its
first version names the takeover target (``Zqdoelwit``), a later one does
not; a file is attached. Then Sara moves the page to the organisation's
wiki. Carol, a colleague outside the group, may now read the page: its
current text, and its history from the move on, never the versions or the
file written for the secret group, in any page, API answer, count, feed
entry, search hit or expertise record. Bram (in the group) still sees all
of it; Gijs, a guest in the group, loses the page with the organisation's
wiki. A move happens only when asked for, with the publishing checks for
the current text of every page that moves.
"""

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from plein.access.roles import Role
from plein.access.wiki import (
    can_view_page_file,
    can_view_revision,
    visible_page_files,
    visible_revisions,
)
from plein.core.errors import Conflict, InvalidInput
from plein.governance.dlp.errors import JustificationRequired, LeakBlocked
from plein.knowledge.wiki.actions import (
    check_create_page,
    check_edit_page,
    check_move_page,
    check_upload_page_file,
)
from plein.knowledge.wiki.models import Page, PageFile, Revision
from plein.knowledge.wiki.queries import recent_page_updates, search_pages

pytestmark = pytest.mark.django_db

SECRET_WORD = "Zqdoelwit"  # only ever written in the secret group's wiki
PDF = b"%PDF-1.4 overname"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cast(make_person: Any, make_group: Any) -> dict[str, Any]:
    sara = make_person("Sara Schrijver", handle="sara", language="en")
    bram = make_person("Bram Bijdrager", handle="bram", language="en")
    carol = make_person("Carol Collega", handle="carol", language="en")
    gijs = make_person("Gijs Gast", handle="gijs", language="en", role=Role.GUEST)
    group = make_group(sara, "Overname", "secret", members=(bram,))
    return {"sara": sara, "bram": bram, "carol": carol, "gijs": gijs, "group": group}


def add_guest(cast: dict[str, Any], run_on_commit: Any) -> Any:
    """Gijs joins the secret group (not from the start: leak prevention treats
    text in a group with guests as read by outsiders, see plein.governance.dlp)."""
    from plein.groups.actions import do_add_member

    run_on_commit(do_add_member, cast["group"], cast["gijs"])
    return cast["gijs"]


@pytest.fixture
def secret_page(cast: dict[str, Any], run_on_commit: Any) -> Page:
    """Three versions in the secret wiki and a file; the target only in the
    first two (the second by Bram), the third by Sara."""
    sara, bram, group = cast["sara"], cast["bram"], cast["group"]
    page = run_on_commit(
        check_create_page,
        sara,
        title="Integratieplan",
        body=f"Wij kopen {SECRET_WORD} BV in maart.",
        group=group,
    )
    page = run_on_commit(
        check_edit_page,
        bram,
        page,
        title="Integratieplan",
        body=f"Wij kopen {SECRET_WORD} BV in april.",
        base_revision=1,
    )
    page_file = run_on_commit(
        check_upload_page_file,
        sara,
        page,
        filename="pfplan.pdf",
        content_type="application/pdf",
        data=PDF,
    )
    page = run_on_commit(
        check_edit_page,
        sara,
        page,
        title="Integratieplan",
        body=f"Stappen voor de integratie. [Plan](attachment:{page_file.pk})",
        base_revision=2,
        note="Algemener",
    )
    page.file_id = page_file.pk
    return page


def move_to_organisation(page: Page, actor: Any, run_on_commit: Any) -> Page:
    return run_on_commit(check_move_page, actor, page, parent=None, group=None)


def browser(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def api(person: Any, method: str, path: str, data: Any = None) -> Any:
    from plein.people.actions import do_create_api_token

    headers = {"HTTP_AUTHORIZATION": f"Bearer {do_create_api_token(person)[1]}"}
    if method == "get":
        return Client().get(f"/api/v1/wiki{path}", data or {}, **headers)
    return getattr(Client(), method)(
        f"/api/v1/wiki{path}",
        json.dumps(data or {}),
        content_type="application/json",
        **headers,
    )


def body_of(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


# --- What the new readers see ------------------------------------------------


def test_move_secret_page_to_org_wiki_shows_outsiders_only_the_current_text(
    cast, secret_page, run_on_commit
):
    carol = cast["carol"]
    assert (
        browser(carol).get(reverse("wiki:page", args=[secret_page.pk])).status_code
        == 404
    )
    page = move_to_organisation(secret_page, cast["sara"], run_on_commit)
    assert page.group is None and page.revision == 4
    client = browser(carol)
    routes = {
        "page": client.get(reverse("wiki:page", args=[page.pk])),
        "history": client.get(reverse("wiki:history", args=[page.pk])),
        "default diff": client.get(reverse("wiki:diff", args=[page.pk])),
        "files": client.get(reverse("wiki:files", args=[page.pk])),
        "current version": client.get(reverse("wiki:revision", args=[page.pk, 4])),
        "API page": api(carol, "get", f"/pages/{page.pk}"),
        "API history": api(carol, "get", f"/pages/{page.pk}/history"),
        "API search": api(carol, "get", "/search", {"q": SECRET_WORD}),
        "wiki index": client.get(reverse("wiki:index")),
    }
    for place, response in routes.items():
        assert response.status_code == 200, place
        text = body_of(response)
        assert SECRET_WORD not in text, place
        assert "pfplan.pdf" not in text, place
        assert "Bram Bijdrager" not in text, place
    assert "Stappen voor de integratie" in body_of(routes["page"])
    # The search page echoes the query: what must be missing is the hit.
    found = client.get(reverse("search:results"), {"q": SECRET_WORD})
    assert found.status_code == 200 and "Integratieplan" not in body_of(found)
    # The history page offers no comparison with a version Carol cannot see.
    history_page = body_of(routes["history"])
    assert "wiki-history-diff" not in history_page and "?from=" not in history_page
    history = routes["API history"].json()["items"]
    assert [(r["number"], r["author"]["id"]) for r in history] == [(4, cast["sara"].pk)]
    assert routes["API page"].json()["files"] == []


def test_move_secret_page_to_org_wiki_hides_earlier_versions_like_missing_ones(
    cast, secret_page, run_on_commit
):
    page = move_to_organisation(secret_page, cast["sara"], run_on_commit)
    carol = cast["carol"]
    client = browser(carol)
    missing = client.get(reverse("wiki:revision", args=[page.pk, 99]))
    for number in (1, 2, 3):
        hidden = client.get(reverse("wiki:revision", args=[page.pk, number]))
        assert hidden.status_code == missing.status_code == 404
        assert (
            api(carol, "get", f"/pages/{page.pk}/revisions/{number}").status_code == 404
        )
    for older, newer in ((1, 4), (3, 4), (1, 2)):
        query = {"from": older, "to": newer}
        assert (
            client.get(reverse("wiki:diff", args=[page.pk]), query).status_code == 404
        )
        diff = api(
            carol, "get", f"/pages/{page.pk}/diff", {"older": older, "newer": newer}
        )
        assert diff.status_code == 404
    # Carol may edit the organisation's page, but not bring an old version back.
    restored = api(carol, "post", f"/pages/{page.pk}/restore", {"number": 1})
    assert restored.status_code == 400 and restored.json()["field"] == "number"
    assert client.post(reverse("wiki:restore", args=[page.pk, 1])).status_code == 400
    page.refresh_from_db()
    assert page.revision == 4 and SECRET_WORD not in page.body


def test_move_secret_page_to_org_wiki_keeps_the_files_with_the_secret_group(
    cast, secret_page, run_on_commit
):
    page = move_to_organisation(secret_page, cast["sara"], run_on_commit)
    file_url = reverse("wiki:file", args=[secret_page.file_id])
    assert browser(cast["carol"]).get(file_url).status_code == 404
    assert browser(cast["bram"]).get(file_url).status_code == 200
    # The text no longer shows the file, for anyone: its readers differ.
    assert file_url not in page.body_html
    # A file uploaded after the move is for the page's new readers.
    fresh = run_on_commit(
        check_upload_page_file,
        cast["sara"],
        page,
        filename="openbaar.pdf",
        content_type="application/pdf",
        data=PDF,
    )
    assert (
        browser(cast["carol"]).get(reverse("wiki:file", args=[fresh.pk])).status_code
        == 200
    )
    names = [
        f["filename"]
        for f in api(cast["carol"], "get", f"/pages/{page.pk}").json()["files"]
    ]
    assert names == ["openbaar.pdf"]


def test_move_secret_page_to_org_wiki_keeps_the_history_for_the_group(
    cast, secret_page, run_on_commit
):
    page = move_to_organisation(secret_page, cast["sara"], run_on_commit)
    bram = cast["bram"]
    gijs = add_guest(cast, run_on_commit)
    numbers = [
        r["number"]
        for r in api(bram, "get", f"/pages/{page.pk}/history").json()["items"]
    ]
    assert numbers == [4, 3, 2, 1]
    history_page = body_of(browser(bram).get(reverse("wiki:history", args=[page.pk])))
    assert "?from=3&amp;to=4" in history_page
    first = api(bram, "get", f"/pages/{page.pk}/revisions/1").json()
    assert SECRET_WORD in first["body"]
    # The guest of the group has no organisation wiki: the page is gone for them.
    assert browser(gijs).get(reverse("wiki:page", args=[page.pk])).status_code == 404


def test_move_secret_page_to_org_wiki_feed_entry_counts_only_the_move(
    cast, secret_page, run_on_commit
):
    page = move_to_organisation(secret_page, cast["sara"], run_on_commit)
    (entry,) = recent_page_updates(cast["carol"], group=None)
    assert entry.page_id == page.pk
    assert entry.change_count == 1 and not entry.is_new
    assert entry.authors == [cast["sara"]]
    (member_entry,) = recent_page_updates(cast["bram"], group=None)
    assert member_entry.change_count == 4


def test_move_secret_page_to_org_wiki_gives_no_expertise_for_the_secret_versions(
    cast, secret_page, run_on_commit
):
    from plein.knowledge.expertise.actions import do_rebuild_evidence
    from plein.knowledge.expertise.models import Evidence

    move_to_organisation(secret_page, cast["sara"], run_on_commit)
    do_rebuild_evidence(person_ids=[cast["bram"].pk, cast["sara"].pk])
    assert not Evidence.objects.filter(
        person=cast["bram"], kind="wiki_written"
    ).exists()
    # The mover wrote the version the organisation reads.
    assert Evidence.objects.filter(
        person=cast["sara"], kind="wiki_written", group__isnull=True
    ).exists()


def test_move_secret_page_to_org_wiki_search_finds_only_the_current_text(
    cast, secret_page, run_on_commit
):
    move_to_organisation(secret_page, cast["sara"], run_on_commit)
    assert search_pages(cast["carol"], SECRET_WORD) == []
    assert [hit.title for hit in search_pages(cast["carol"], "integratie")] == [
        "Integratieplan"
    ]


def test_revision_and_file_predicates_agree_with_their_filters_after_a_move(
    cast, secret_page, run_on_commit
):
    add_guest(cast, run_on_commit)
    move_to_organisation(secret_page, cast["sara"], run_on_commit)
    revisions = list(
        Revision.objects.filter(page=secret_page).select_related("page", "group")
    )
    files = list(PageFile.objects.select_related("page", "group"))
    for person in (cast["sara"], cast["bram"], cast["carol"], cast["gijs"]):
        seen = set(visible_revisions(person))
        for revision in revisions:
            assert can_view_revision(person, revision) == (revision in seen)
        seen_files = set(visible_page_files(person))
        for page_file in files:
            assert can_view_page_file(person, page_file) == (page_file in seen_files)


def test_move_from_org_wiki_into_a_secret_group_hides_the_page_from_outsiders(
    cast, run_on_commit
):
    sara, carol, group = cast["sara"], cast["carol"], cast["group"]
    page = run_on_commit(check_create_page, sara, title="Kantine", body="Open tot vijf")
    gijs = add_guest(cast, run_on_commit)
    run_on_commit(check_move_page, sara, page, parent=None, group=group)
    assert browser(carol).get(reverse("wiki:page", args=[page.pk])).status_code == 404
    assert api(carol, "get", f"/pages/{page.pk}/history").status_code == 404
    # The guest in the group reads it now, from the move on: the version
    # written for the organisation's wiki was never for them.
    numbers = [
        r["number"]
        for r in api(gijs, "get", f"/pages/{page.pk}/history").json()["items"]
    ]
    assert numbers == [2]


# --- Only when asked, and only what may be published --------------------------


def test_move_with_only_a_parent_in_another_wiki_is_refused(
    cast, secret_page, run_on_commit
):
    sara = cast["sara"]
    org_parent = run_on_commit(check_create_page, sara, title="Handboek")
    response = api(
        sara, "post", f"/pages/{secret_page.pk}/move", {"parent_id": org_parent.pk}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "parent_id"
    secret_page.refresh_from_db()
    assert secret_page.group == cast["group"] and secret_page.parent is None
    # Naming the wiki makes the same move explicit, and it happens.
    moved = api(
        sara,
        "post",
        f"/pages/{secret_page.pk}/move",
        {"parent_id": org_parent.pk, "to_organisation": True},
    )
    assert moved.status_code == 200
    assert moved.json()["group"] is None and moved.json()["parent_id"] == org_parent.pk


def test_move_form_needs_the_box_ticked_for_another_wiki(
    cast, secret_page, run_on_commit
):
    client = browser(cast["sara"])
    url = reverse("wiki:move", args=[secret_page.pk])
    refused = client.post(url, {"place": "wiki:org"})
    assert refused.status_code == 200
    assert "tick the box" in refused.content.decode()
    secret_page.refresh_from_db()
    assert secret_page.group == cast["group"]
    done = run_on_commit(client.post, url, {"place": "wiki:org", "to_other_wiki": "on"})
    assert done.status_code == 302
    secret_page.refresh_from_db()
    assert secret_page.group is None


def test_move_secret_page_to_org_wiki_runs_leak_check_on_the_current_text(
    cast, run_on_commit
):
    sara, group = cast["sara"], cast["group"]
    # "Vertrouwelijk" is fine among the group's colleagues, not for everyone.
    page = run_on_commit(
        check_create_page,
        sara,
        title="Memo",
        body="Strikt vertrouwelijk: de planning.",
        group=group,
    )
    with pytest.raises(JustificationRequired):
        check_move_page(sara, page, parent=None, group=None)
    page.refresh_from_db()
    assert page.group == group
    refused = api(sara, "post", f"/pages/{page.pk}/move", {"to_organisation": True})
    assert refused.status_code == 400 and refused.json()["field"] == "justification"
    run_on_commit(
        check_move_page,
        sara,
        page,
        parent=None,
        group=None,
        justification="Het plan is aangekondigd",
    )
    page.refresh_from_db()
    assert page.group is None


def test_move_that_leak_prevention_blocks_changes_nothing(cast, run_on_commit):
    from plein.governance.dlp.actions import forget_settings
    from plein.governance.dlp.models import DlpHit, DlpRule

    sara, group = cast["sara"], cast["group"]
    page = run_on_commit(
        check_create_page, sara, title="Memo", body="Vertrouwelijk: namen", group=group
    )
    DlpRule.objects.update_or_create(
        code="marker", defaults={"enabled": True, "action": "block"}
    )
    forget_settings()
    with pytest.raises(LeakBlocked):
        check_move_page(sara, page, parent=None, group=None)
    form = browser(sara).post(
        reverse("wiki:move", args=[page.pk]),
        {"place": "wiki:org", "to_other_wiki": "on"},
    )
    assert form.status_code == 200 and "dlp-findings" in form.content.decode()
    page.refresh_from_db()
    assert page.group == group and page.revision == 1
    # The refused attempt is on record for the reviewers.
    assert DlpHit.objects.filter(person=sara, place="wiki", action="blocked").exists()


def test_old_text_that_would_not_pass_does_not_stop_a_clean_move(cast, run_on_commit):
    sara, group = cast["sara"], cast["group"]
    page = run_on_commit(
        check_create_page, sara, title="Memo", body="Vertrouwelijk: namen", group=group
    )
    page = run_on_commit(
        check_edit_page,
        sara,
        page,
        title="Memo",
        body="Zie het intranet",
        base_revision=1,
    )
    run_on_commit(check_move_page, sara, page, parent=None, group=None)
    assert [
        r["number"]
        for r in api(cast["carol"], "get", f"/pages/{page.pk}/history").json()["items"]
    ] == [3]


def test_move_of_a_page_with_subpages_needs_them_named_and_checks_each(
    cast, run_on_commit
):
    sara, group = cast["sara"], cast["group"]
    top = run_on_commit(check_create_page, sara, title="Overzicht", group=group)
    child = run_on_commit(
        check_create_page,
        sara,
        title="Details",
        body="Vertrouwelijk: de cijfers",
        group=group,
        parent=top,
    )
    with pytest.raises(InvalidInput) as error:
        check_move_page(sara, top, parent=None, group=None)
    assert error.value.field == "include_subpages"
    with pytest.raises(JustificationRequired) as leak:
        check_move_page(sara, top, parent=None, group=None, include_subpages=True)
    assert "Details" in str(leak.value.message)
    for each in (top, child):
        each.refresh_from_db()
        assert each.group == group
    run_on_commit(
        check_move_page,
        sara,
        top,
        parent=None,
        group=None,
        include_subpages=True,
        justification="Cijfers zijn gepubliceerd",
    )
    child.refresh_from_db()
    assert child.group is None and child.parent == top and child.revision == 2
    carol_history = api(cast["carol"], "get", f"/pages/{child.pk}/history").json()
    assert [r["number"] for r in carol_history["items"]] == [2]


def test_an_edit_started_before_the_move_is_a_conflict_not_a_leak(
    cast, secret_page, run_on_commit
):
    """Bram opened the editor on version 3; the move made version 4."""
    move_to_organisation(secret_page, cast["sara"], run_on_commit)
    with pytest.raises(Conflict):
        check_edit_page(
            cast["bram"],
            secret_page,
            title="Integratieplan",
            body=f"Toch {SECRET_WORD}",
            base_revision=3,
        )
    secret_page.refresh_from_db()
    assert SECRET_WORD not in secret_page.body
