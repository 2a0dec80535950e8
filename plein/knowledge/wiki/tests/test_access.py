"""plein.access.wiki: predicates and scope filters agree, every branch."""

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.roles import GroupRole, Role
from plein.access.wiki import (
    access_page,
    access_page_file,
    can_edit_page,
    can_manage_page,
    can_view_page,
    visible_pages,
)
from plein.core.errors import NotFound
from plein.knowledge.wiki.actions import check_create_page, check_upload_page_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(make_person, make_group, run_on_commit):
    from plein.groups.actions import do_add_member

    owner = make_person("Olga")
    member = make_person("Mia")
    group_admin = make_person("Gijs")
    outsider = make_person("Otto")
    org_admin = make_person("Ada", role=Role.ADMIN)
    guest = make_person("Gast", role=Role.GUEST)
    former = make_person("Fien")
    groups = {
        kind: make_group(owner, f"Groep {kind}", kind, members=(member, former))
        for kind in ("open", "closed", "secret")
    }
    for group in groups.values():
        run_on_commit(do_add_member, group, group_admin, role=GroupRole.ADMIN)
    run_on_commit(do_add_member, groups["closed"], guest)
    pages = {
        "org": run_on_commit(check_create_page, owner, title="Organisatie"),
        **{
            kind: run_on_commit(
                check_create_page, owner, title=f"Pagina {kind}", group=group
            )
            for kind, group in groups.items()
        },
    }
    former.is_active = False
    former.save(update_fields=["is_active"])
    people = {
        "owner": owner,
        "member": member,
        "group_admin": group_admin,
        "outsider": outsider,
        "org_admin": org_admin,
        "guest": guest,
        "former": former,
        "anonymous": AnonymousUser(),
    }
    return people, pages


def test_can_view_page_agrees_with_visible_pages(world):
    people, pages = world
    for person in people.values():
        visible = set(visible_pages(person))
        for page in pages.values():
            assert can_view_page(person, page) == (page in visible)


def test_who_may_view_edit_and_manage(world):
    people, pages = world
    expected = {
        # person: (view, edit, manage) per page org, open, closed, secret
        "owner": ("1111", "1111", "1111"),
        "member": ("1111", "1111", "0000"),
        "group_admin": ("1111", "1111", "0111"),
        "outsider": ("1100", "1000", "0000"),
        "org_admin": ("1100", "1000", "1100"),
        "guest": ("0010", "0010", "0000"),
        "former": ("0000", "0000", "0000"),
        "anonymous": ("0000", "0000", "0000"),
    }
    order = ("org", "open", "closed", "secret")
    for name, (view, edit, manage) in expected.items():
        person = people[name]
        got = tuple(
            "".join(str(int(check(person, pages[k]))) for k in order)
            for check in (can_view_page, can_edit_page, can_manage_page)
        )
        assert got == (view, edit, manage), name


def test_a_deleted_page_is_gone_for_everyone(world):
    from plein.knowledge.wiki.actions import check_delete_page

    people, pages = world
    check_delete_page(people["owner"], pages["org"])
    pages["org"].refresh_from_db()
    assert not can_view_page(people["owner"], pages["org"])
    with pytest.raises(NotFound):
        access_page(people["owner"], pages["org"].pk)


def test_gatekeepers_answer_404_for_missing_hidden_and_bad_ids(world):
    people, pages = world
    owner, outsider = people["owner"], people["outsider"]
    assert access_page(owner, str(pages["secret"].pk)) == pages["secret"]
    for bad in (pages["secret"].pk, 999999, "x", None):
        with pytest.raises(NotFound):
            access_page(outsider, bad)
    stored = check_upload_page_file(
        owner,
        pages["secret"],
        filename="plan.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4",
    )
    assert access_page_file(people["member"], stored.pk) == stored
    for bad in (stored.pk, 999999, "x"):
        with pytest.raises(NotFound):
            access_page_file(outsider, bad)


def test_revision_and_file_predicates_agree_with_filters_for_every_persona(
    world, run_on_commit
):
    """Each version and file, written in each wiki, then moved to every other."""
    from plein.access.wiki import (
        access_revision,
        can_read_wiki,
        can_view_page_file,
        can_view_revision,
        visible_page_files,
        visible_revisions,
    )
    from plein.knowledge.wiki.actions import check_move_page
    from plein.knowledge.wiki.models import PageFile, Revision

    people, pages = world
    owner = people["owner"]
    for page in pages.values():
        check_upload_page_file(
            owner,
            page,
            filename="a.pdf",
            content_type="application/pdf",
            data=b"%PDF-1.4",
        )
    groups = {kind: page.group for kind, page in pages.items()}
    # Every page takes a turn in another wiki: org -> open -> closed -> secret -> org.
    order = ["org", "open", "closed", "secret"]
    for kind, target in zip(order, order[1:] + order[:1], strict=True):
        run_on_commit(
            check_move_page, owner, pages[kind], parent=None, group=groups[target]
        )
    revisions = list(Revision.objects.select_related("page__group", "group"))
    files = list(PageFile.objects.select_related("page__group", "group"))
    assert len(revisions) == 8 and len(files) == 4
    for name, person in people.items():
        seen = set(visible_revisions(person))
        for revision in revisions:
            allowed = can_view_revision(person, revision)
            assert allowed == (revision in seen), (name, revision)
            assert allowed == (
                can_view_page(person, revision.page)
                and can_read_wiki(person, revision.group)
            )
            if allowed:
                found = access_revision(person, revision.page, revision.number)
                assert found == revision
            elif can_view_page(person, revision.page):
                with pytest.raises(NotFound):
                    access_revision(person, revision.page, revision.number)
        seen_files = set(visible_page_files(person))
        for page_file in files:
            assert can_view_page_file(person, page_file) == (page_file in seen_files)
    with pytest.raises(NotFound):
        access_revision(owner, pages["org"], "x")
    # The secret page, now in the organisation's wiki: the outsider reads it
    # from the move on only; the guest of the closed group reads the page
    # that moved there, from its move on.
    moved = pages["secret"]
    moved.refresh_from_db()
    outsider_numbers = [
        r.number for r in visible_revisions(people["outsider"]).filter(page=moved)
    ]
    assert outsider_numbers == [2]
    guest_pages = {r.page_id for r in visible_revisions(people["guest"])}
    assert guest_pages == {pages["open"].pk}
