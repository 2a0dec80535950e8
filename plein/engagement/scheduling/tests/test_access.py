"""Who sees planned posts: the author, and who manages content for the place.

Each persona is checked on both sides of the rule: the predicate
(``can_view_scheduled``) and the scope filter (``visible_scheduled``) agree,
and the pages and the API answer 404 for what one may not see.
"""

from typing import Any

import pytest
from django.test import Client

from plein.access.roles import GroupRole, Role
from plein.access.scheduling import (
    can_use_content_calendar,
    can_view_scheduled,
    visible_scheduled,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_person, make_group, schedule, run_on_commit) -> dict[str, Any]:
    """Pia (member of all three groups) plans a post in each and on her profile."""
    from plein.groups.actions import check_set_group_role, do_add_member

    owner = make_person("Olga Owner", handle="olga")
    pia = make_person("Pia Planner", handle="pia")
    member = make_person("Mo Member", handle="mo")
    group_admin = make_person("Gea Groupadmin", handle="gea")
    moderator = make_person("Moda Rator", handle="moda", role=Role.MODERATOR)
    org_admin = make_person("Ada Admin", handle="ada", role=Role.ADMIN)
    outsider = make_person("Otto Outsider", handle="otto")
    groups = {}
    for kind in ("open", "closed", "secret"):
        group = make_group(
            owner, f"Group {kind}", kind, members=(pia, member, group_admin)
        )
        run_on_commit(
            check_set_group_role, owner, group, group_admin, role=GroupRole.ADMIN
        )
        groups[kind] = group
    items = {
        kind: schedule(pia, {"body": f"planned {kind}", "group": str(group.pk)})
        for kind, group in groups.items()
    }
    items["profile"] = schedule(pia, {"body": "planned profile"})
    items["draft"] = schedule(
        pia, {"body": "draft open", "group": str(groups["open"].pk)}, at=None
    )
    # A moderator who is in the secret group sees its plans; one who is not, not.
    insider = make_person("Ina Insider", handle="ina", role=Role.MODERATOR)
    run_on_commit(do_add_member, groups["secret"], insider)
    return {
        "pia": pia,
        "member": member,
        "group_admin": group_admin,
        "moderator": moderator,
        "org_admin": org_admin,
        "outsider": outsider,
        "insider": insider,
        "items": items,
        "groups": groups,
    }


# persona -> the items they see (besides the author, who sees all five).
EXPECTED = {
    "pia": {"open", "closed", "secret", "profile", "draft"},
    "member": set(),
    "outsider": set(),
    "group_admin": {"open", "closed", "secret"},
    "moderator": {"open", "profile"},
    "org_admin": {"open", "profile"},
    "insider": {"open", "profile", "secret"},
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_predicate_and_filter_agree(world, persona):
    user = world[persona]
    items = world["items"]
    seen = {name for name, item in items.items() if can_view_scheduled(user, item)}
    listed = set(visible_scheduled(user).values_list("pk", flat=True))
    assert seen == EXPECTED[persona]
    assert listed == {items[name].pk for name in EXPECTED[persona]}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_detail_page_answers_404_for_what_one_may_not_see(world, persona):
    client = Client()
    client.force_login(world[persona])
    for name, item in world["items"].items():
        response = client.get(f"/scheduled/{item.pk}/")
        expected = 200 if name in EXPECTED[persona] else 404
        assert response.status_code == expected, (persona, name)


def test_only_the_author_may_change_an_item(world):
    item = world["items"]["open"]
    for persona in ("group_admin", "org_admin"):
        client = Client()
        client.force_login(world[persona])
        assert client.get(f"/scheduled/{item.pk}/edit/").status_code == 403
        assert client.post(f"/scheduled/{item.pk}/cancel/").status_code == 403
        assert client.post(f"/scheduled/{item.pk}/publish/").status_code == 403
    client = Client()
    client.force_login(world["outsider"])
    assert client.post(f"/scheduled/{item.pk}/delete/").status_code == 404


def test_calendar_shows_secret_plans_to_members_only(world):
    secret_text = "planned secret"
    for persona, sees in (
        ("moderator", False),
        ("org_admin", False),
        ("insider", True),
        ("group_admin", True),
        ("outsider", False),
    ):
        client = Client()
        client.force_login(world[persona])
        page = client.get("/calendar/content/?view=list").content.decode()
        month_page = client.get("/calendar/content/").content.decode()
        assert (secret_text in page) is sees, persona
        assert (secret_text in month_page) is sees, persona
    # A draft is on nobody's calendar, the author's neither.
    client = Client()
    client.force_login(world["pia"])
    page = client.get("/calendar/content/?view=list").content.decode()
    assert "planned open" in page
    assert "draft open" not in page


def test_calendar_menu_link_for_those_who_manage_content(world):
    assert can_use_content_calendar(world["moderator"])
    assert can_use_content_calendar(world["group_admin"])
    assert not can_use_content_calendar(world["member"])
    assert not can_use_content_calendar(world["outsider"])


def test_published_item_follows_its_post(world, publish_due, run_on_commit):
    from plein.posts.actions import do_withhold
    from plein.posts.models import Withheld

    publish_due()
    item = world["items"]["open"]
    item.refresh_from_db()
    assert can_view_scheduled(world["moderator"], item)
    run_on_commit(do_withhold, item.post, Withheld.MODERATOR)
    item.refresh_from_db()
    assert not can_view_scheduled(world["moderator"], item)
    assert item.pk not in visible_scheduled(world["moderator"]).values_list(
        "pk", flat=True
    )
    assert can_view_scheduled(world["pia"], item)
