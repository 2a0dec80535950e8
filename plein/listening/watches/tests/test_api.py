"""The watches API and the watch filter on the mentions API."""

import json

import pytest
from django.test import Client

from plein.listening.watches.models import Watch, WatchMatch, WatchSubscription
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


def _api(person):
    token = do_create_api_token(person)[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})

    def call(method, path, data=None, **query):
        if method == "GET":
            return client.get(f"/api/v1{path}", query)
        return client.generic(
            method,
            f"/api/v1{path}",
            json.dumps(data) if data is not None else "",
            content_type="application/json",
        )

    return call


@pytest.fixture
def world(make_group, make_watch, take_in, alice, bob):
    team = make_group(alice, "Accountteam Gent", "closed", members=(bob,))
    client = make_watch(
        name="Gemeente Gent", query="gent", kind="client", team_group_id=team.pk
    )
    rival = make_watch(name="Hypotheekgroep", query="hypotheekgroep", kind="competitor")
    take_in(
        {"url": "https://n.example/1", "title": "Gent kiest Zuiderhaven"},
        {"url": "https://n.example/2", "title": "Hypotheekgroep groeit"},
    )
    return {"team": team, "client": client, "rival": rival}


def test_communications_list_and_read_watches(moderator, world):
    call = _api(moderator)
    listed = call("GET", "/watches").json()["items"]
    assert [w["name"] for w in listed] == ["Gemeente Gent", "Hypotheekgroep"]
    assert listed[0]["matches_30d"] == 1
    assert listed[0]["team_group_id"] == world["team"].pk
    one = call("GET", f"/watches/{world['rival'].pk}")
    assert one.status_code == 200 and one.json()["kind"] == "competitor"


def test_communications_create_a_watch(moderator, alice, world, run_on_commit):
    call = _api(moderator)
    response = run_on_commit(
        call,
        "POST",
        "/watches",
        {
            "name": "Gent 2",
            "kind": "client",
            "query": "gent",
            "team_people": ["@alice"],
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["team_people"] == [
        {"id": alice.pk, "handle": "alice", "name": alice.full_name}
    ]
    assert WatchMatch.objects.filter(watch_id=body["id"]).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "kind": "client", "query": "x"}, "name"),
        ({"name": "X", "kind": "vriend", "query": "x"}, "kind"),
        ({"name": "X", "kind": "client", "query": "group:hypotheken"}, "query"),
        (
            {"name": "X", "kind": "client", "query": "x", "team_group_id": 99999},
            "team_group_id",
        ),
        (
            {"name": "X", "kind": "client", "query": "x", "team_people": ["niemand"]},
            "team_people",
        ),
    ],
)
def test_errors_name_the_field(moderator, data, field):
    response = _api(moderator)("POST", "/watches", data)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_communications_change_subscribe_and_delete(moderator, world):
    call = _api(moderator)
    watch = world["client"]
    response = call(
        "PATCH",
        f"/watches/{watch.pk}",
        {"kind": "competitor", "is_subscribed": True, "team_group_id": None},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["kind"], body["is_subscribed"], body["team_group_id"]) == (
        "competitor",
        True,
        None,
    )
    assert WatchSubscription.objects.filter(watch=watch, person=moderator).exists()
    bad = call("PATCH", f"/watches/{watch.pk}", {"query": "#x"})
    assert bad.status_code == 400 and bad.json()["field"] == "query"
    assert call("DELETE", f"/watches/{watch.pk}").status_code == 204
    assert not Watch.objects.filter(pk=watch.pk).exists()
    assert call("DELETE", f"/watches/{watch.pk}").status_code == 404


def test_the_account_team_reads_but_does_not_change(bob, world):
    call = _api(bob)
    assert [w["name"] for w in call("GET", "/watches").json()["items"]] == [
        "Gemeente Gent"
    ]
    assert call("GET", f"/watches/{world['client'].pk}").status_code == 200
    assert call("GET", f"/watches/{world['rival'].pk}").status_code == 404
    patch = call("PATCH", f"/watches/{world['client'].pk}", {"name": "Weg"})
    assert patch.status_code == 403
    assert call("DELETE", f"/watches/{world['client'].pk}").status_code == 403
    assert (
        call(
            "POST", "/watches", {"name": "X", "kind": "client", "query": "x"}
        ).status_code
        == 404
    )


def test_the_mentions_api_filters_by_watch(moderator, bob, carol, world):
    titles = [
        m["title"]
        for m in _api(moderator)("GET", "/mentions", watch=world["rival"].pk).json()[
            "items"
        ]
    ]
    assert titles == ["Hypotheekgroep groeit"]
    # The account team reads its watch's mentions, and only with the filter.
    team = _api(bob)
    mine = team("GET", "/mentions", watch=world["client"].pk).json()["items"]
    assert [m["title"] for m in mine] == ["Gent kiest Zuiderhaven"]
    assert team("GET", "/mentions").status_code == 404
    assert team("GET", "/mentions", watch=world["rival"].pk).status_code == 404
    assert _api(carol)("GET", "/mentions", watch=world["client"].pk).status_code == 404


def test_the_account_team_does_not_learn_who_sent_a_link_in(
    moderator, bob, carol, world, run_on_commit
):
    """A colleague sends a link to communications with a note; the client's
    account team reads the mention, without the colleague's name or note."""
    from plein.listening.mentions.actions import check_submit_link
    from plein.listening.mentions.models import MentionSubmission

    run_on_commit(
        check_submit_link,
        carol,
        url="https://n.example/1",
        note="Let op: de schrijver is mijn ex",
        via=MentionSubmission.Via.FORM,
    )
    mine = _api(bob)("GET", "/mentions", watch=world["client"].pk).json()["items"]
    assert [m["submissions"] for m in mine] == [[]]
    assert "mijn ex" not in json.dumps(mine) and carol.full_name not in json.dumps(mine)
    theirs = _api(moderator)("GET", "/mentions", watch=world["client"].pk).json()
    assert theirs["items"][0]["submissions"][0]["note"].startswith("Let op")


def test_strangers_get_404(carol, world):
    call = _api(carol)
    assert call("GET", "/watches").status_code == 404
    assert call("GET", f"/watches/{world['client'].pk}").status_code == 404
    assert (
        call("PATCH", f"/watches/{world['client'].pk}", {"name": "X"}).status_code
        == 404
    )
