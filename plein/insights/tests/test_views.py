"""The dashboards over HTTP: who sees what, filters, CSV, the API."""

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from plein.access.roles import GroupRole
from plein.groups.models import Membership
from plein.insights.models import ActivityDay
from plein.insights.rollup import do_rollup_day
from plein.insights.tests.conftest import World
from plein.people.actions import do_create_api_token
from plein.people.models import User

pytestmark = pytest.mark.django_db


def _client(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _api(person: Any) -> Client:
    token = do_create_api_token(person, name="test")[1]
    return Client(headers={"authorization": f"Bearer {token}"})


@pytest.fixture
def computed(world: World) -> World:
    for person in world.people["it"] + world.people["sales"]:
        ActivityDay.objects.create(person=person, day=world.yesterday, has_read=True)
    do_rollup_day(world.yesterday)
    return world


@pytest.fixture
def personas(
    computed: World, admin: Any, moderator: Any, make_person: Callable[..., Any]
) -> dict[str, Any]:
    open_group = computed.groups["open"]
    group_admin = computed.people["it"][1]
    Membership.objects.filter(group=open_group, user=group_admin).update(
        role=GroupRole.ADMIN
    )
    return {
        "admin": admin,
        "moderator": moderator,
        "group_admin": group_admin,
        "member": computed.people["sales"][0],  # member of the open group
        "outsider": computed.people["legal"][0],
        "guest": make_person("Gast", role="guest"),
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("moderator", 200),
        ("group_admin", 404),
        ("member", 404),
        ("outsider", 404),
        ("guest", 404),
    ],
)
def test_organisation_dashboard_is_for_admins_and_moderators(personas, who, status):
    client = _client(personas[who])
    assert client.get(reverse("insights:dashboard")).status_code == status
    assert client.get(reverse("insights:dashboard-csv")).status_code == status
    assert (
        _api(personas[who]).get("/api/v1/insights/organisation").status_code == status
    )


@pytest.mark.parametrize(
    ("who", "group", "status"),
    [
        ("admin", "open", 200),
        ("moderator", "open", 200),
        ("group_admin", "open", 200),
        ("member", "open", 403),
        ("outsider", "open", 403),
        ("guest", "open", 404),
        # Secret: only its own admins; org admins and moderators do not
        # even learn that it exists, its members that it has figures.
        ("admin", "secret", 404),
        ("moderator", "secret", 404),
        ("outsider", "secret", 404),
        ("member", "secret", 200),  # sales[0] created it: its admin
    ],
)
def test_group_dashboard_access(personas, computed, who, group, status):
    target = computed.groups[group]
    client = _client(personas[who])
    assert (
        client.get(reverse("insights:group", args=[target.slug])).status_code == status
    )
    assert (
        client.get(reverse("insights:group-csv", args=[target.slug])).status_code
        == status
    )
    api = _api(personas[who]).get(f"/api/v1/insights/groups/{target.pk}")
    assert api.status_code == status


def test_secret_group_member_who_is_not_admin_is_refused(personas, computed):
    member = computed.people["sales"][1]
    response = _client(member).get(
        reverse("insights:group", args=[computed.groups["secret"].slug])
    )
    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(computed):
    response = Client().get(reverse("insights:dashboard"))
    assert response.status_code == 302
    assert reverse("people:login") in response["Location"]


def test_dashboard_shows_figures_and_department_units(personas, computed):
    response = _client(personas["admin"]).get(reverse("insights:dashboard"))
    html = response.content.decode()
    assert 'data-figure="readers_1d">12<' in html
    assert "<svg" in html
    assert "IT" in html and "Sales" in html
    # Legal (2 people) has no line of its own.
    legal = computed.departments["legal"].pk
    assert f'data-unit-row="d{legal}"' not in html


def test_department_filter_over_htmx_returns_the_figures_partial(personas, computed):
    from plein.insights.queries import get_org_dashboard

    unit = get_org_dashboard(personas["admin"], extras=False).units[0]
    response = _client(personas["admin"]).get(
        reverse("insights:dashboard"),
        {"unit": unit.key, "period": "7"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'data-figure="population">{unit.figures.population}<' in html
    assert "data-unit-shown" in html


def test_csv_has_a_line_per_day_and_scope_without_small_departments(personas, computed):
    User.objects.filter(pk=personas["admin"].pk).update(language="en")
    response = _client(personas["admin"]).get(reverse("insights:dashboard-csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["day", "scope", "population", "readers_1d"]
    body = [row for row in rows[1:] if row[0] == computed.yesterday.isoformat()]
    scopes = {row[1]: row for row in body}
    assert scopes["Organisation"][2] == "14"
    assert scopes["Organisation"][3] == "12"
    assert not any(label == "Legal" for label in scopes)
    assert (
        sum(int(row[2]) for label, row in scopes.items() if label != "Organisation")
        == 14
    )


def test_group_csv_and_api_figures(personas, computed):
    group = computed.groups["open"]
    admin = personas["group_admin"]
    rows = list(
        csv.reader(
            io.StringIO(
                _client(admin)
                .get(reverse("insights:group-csv", args=[group.slug]))
                .content.decode()
            )
        )
    )
    assert rows[1][1] == group.name and rows[1][2] == "6"
    body = _api(admin).get(f"/api/v1/insights/groups/{group.pk}").json()
    assert body["is_hidden"] is False
    assert body["figures"]["population"] == 6
    assert body["figures"]["lurkers_30d"] == 6  # everyone read, nobody wrote


def test_small_group_shows_no_figures(personas, computed):
    small = computed.groups["small"]
    body = _api(personas["admin"]).get(f"/api/v1/insights/groups/{small.pk}").json()
    assert body["is_hidden"] is True
    assert body["figures"] is None
    html = _client(personas["admin"]).get(reverse("insights:group", args=[small.slug]))
    assert "data-hidden" in html.content.decode()


def test_api_organisation_figures_and_bad_input(personas, computed):
    client = _api(personas["moderator"])
    response = client.get("/api/v1/insights/organisation?period=7")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["figures"]["readers_1d"] == 12
    assert sum(u["figures"]["population"] for u in body["units"]) == 14
    bad = client.get("/api/v1/insights/organisation?period=8")
    assert bad.status_code in (400, 422)
    assert "period" in bad.content.decode()
    unit = client.get("/api/v1/insights/organisation?unit=d999999")
    assert unit.status_code == 400
    assert unit.json()["field"] == "unit" or "unit" in unit.content.decode()
