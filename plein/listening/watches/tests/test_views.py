"""The watches pages: communications manage the shared list; a client's
account team reads its watch and mentions; everyone else gets 404."""

import pytest
from django.test import Client

from plein.access.roles import Role
from plein.listening.watches.models import Watch, WatchMatch, WatchSubscription

pytestmark = pytest.mark.django_db


def _client(person=None):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


@pytest.fixture
def world(make_group, make_watch, take_in, alice, bob, carol):
    team = make_group(alice, "Accountteam Gent", "closed", members=(bob,))
    client = make_watch(
        name="Gemeente Gent", query="gent", kind="client", team_group_id=team.pk
    )
    rival = make_watch(name="Hypotheekgroep", query="hypotheekgroep", kind="competitor")
    take_in(
        {
            "url": "https://n.example/1",
            "title": "Gent kiest Zuiderhaven",
            "language": "nl",
        },
        {
            "url": "https://n.example/2",
            "title": "Hypotheekgroep groeit",
            "language": "nl",
        },
    )
    return {"team": team, "client": client, "rival": rival}


def test_communications_see_every_watch_with_its_counts(moderator, world):
    page = _client(moderator).get("/listening/watches/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gemeente Gent" in html and "Hypotheekgroep" in html
    assert page.context["watches"][0].matches_7d == 1
    assert page.context["watches"][0].matches_30d == 1
    assert "Accountteam Gent" in html


def test_the_account_team_sees_its_client_watch_only(bob, world):
    page = _client(bob).get("/listening/watches/")
    assert page.status_code == 200
    assert [w.name for w in page.context["watches"]] == ["Gemeente Gent"]
    detail = _client(bob).get(f"/listening/watches/{world['client'].pk}/")
    assert "Gent kiest Zuiderhaven" in detail.content.decode()
    assert "Hypotheekgroep groeit" not in detail.content.decode()
    assert (
        _client(bob).get(f"/listening/watches/{world['rival'].pk}/").status_code == 404
    )
    # Managing is communications' work: visible, so refused with 403.
    assert (
        _client(bob).get(f"/listening/watches/{world['client'].pk}/edit/").status_code
        == 403
    )


def test_the_team_opens_a_mention_its_watch_found(bob, carol, moderator, world):
    from plein.listening.mentions.models import Mention

    found = Mention.objects.get(title="Gent kiest Zuiderhaven")
    other = Mention.objects.get(title="Hypotheekgroep groeit")
    url = f"/listening/watches/{world['client'].pk}/mentions/"
    page = _client(bob).get(f"{url}{found.pk}/")
    assert page.status_code == 200
    assert 'href="https://n.example/1"' in page.content.decode()
    # Not one the watch did not find, even for communications on this path.
    assert _client(bob).get(f"{url}{other.pk}/").status_code == 404
    assert _client(moderator).get(f"{url}{other.pk}/").status_code == 404
    assert _client(carol).get(f"{url}{found.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["carol", "guest"])
def test_strangers_get_404(who, world, make_person, request):
    person = (
        make_person("Gijs Gast", role=Role.GUEST)
        if who == "guest"
        else request.getfixturevalue(who)
    )
    if who == "guest":
        from plein.groups.actions import do_add_member

        do_add_member(world["team"], person)
    client = _client(person)
    assert client.get("/listening/watches/").status_code == 404
    assert client.get(f"/listening/watches/{world['client'].pk}/").status_code == 404
    assert client.get("/listening/watches/new/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world):
    response = _client().get("/listening/watches/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_communications_create_a_watch(
    moderator, world, alice, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(moderator).post(
            "/listening/watches/new/",
            {
                "name": "Gent opnieuw",
                "kind": "client",
                "query": "gent",
                "team_group": world["team"].pk,
                "team_people": "@alice",
                "is_active": "on",
            },
        )
    watch = Watch.objects.get(name="Gent opnieuw")
    assert response.status_code == 302
    assert response["Location"] == f"/listening/watches/{watch.pk}/"
    assert list(watch.team_members.values_list("person_id", flat=True)) == [alice.pk]
    # The rematch ran: the mention of the last 30 days is there.
    assert WatchMatch.objects.filter(watch=watch).count() == 1


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"query": "#gent"}, "query", "#hashtags"),
        ({"query": "de het"}, "query", "very common words"),
        ({"team_people": "@niemand"}, "team_people", "@niemand"),
        ({"kind": "vriend"}, "kind", None),
    ],
)
def test_the_form_shows_errors_on_the_field(moderator, data, field, message):
    from django.utils import translation

    post = {"name": "Gent", "kind": "client", "query": "gent", **data}
    with translation.override("en"):
        response = _client(moderator).post(
            "/listening/watches/new/", post, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    assert not Watch.objects.filter(name="Gent").exists()


def test_communications_edit_turn_off_and_delete(moderator, world):
    client = _client(moderator)
    watch = world["client"]
    assert client.get(f"/listening/watches/{watch.pk}/edit/").status_code == 200
    response = client.post(
        f"/listening/watches/{watch.pk}/edit/",
        {"name": "Gent", "kind": "competitor", "query": "zuiderhaven"},
    )
    assert response.status_code == 302
    watch.refresh_from_db()
    assert (watch.name, watch.kind, watch.is_active) == ("Gent", "competitor", False)
    client.post(f"/listening/watches/{watch.pk}/active/", {"is_active": "1"})
    watch.refresh_from_db()
    assert watch.is_active
    client.post(f"/listening/watches/{watch.pk}/delete/")
    assert not Watch.objects.filter(pk=watch.pk).exists()


def test_the_edit_form_names_errors(moderator, world):
    response = _client(moderator).post(
        f"/listening/watches/{world['client'].pk}/edit/",
        {"name": "Gent", "kind": "client", "query": "@gent"},
    )
    assert response.status_code == 400
    assert "query" in response.context["form"].errors


def test_communications_subscribe_and_unsubscribe(moderator, world):
    client = _client(moderator)
    watch = world["rival"]
    client.post(f"/listening/watches/{watch.pk}/subscribe/", {"subscribed": "1"})
    assert WatchSubscription.objects.filter(watch=watch, person=moderator).exists()
    page = client.get(f"/listening/watches/{watch.pk}/")
    assert page.context["watch"].is_subscribed
    client.post(f"/listening/watches/{watch.pk}/subscribe/", {"subscribed": "0"})
    assert not WatchSubscription.objects.exists()


def test_the_mentions_page_filters_by_watch(moderator, world):
    client = _client(moderator)
    html = client.get("/listening/", {"watch": world["rival"].pk}).content.decode()
    assert "Hypotheekgroep groeit" in html
    assert "Gent kiest Zuiderhaven" not in html
    all_html = client.get("/listening/").content.decode()
    assert "Gent kiest Zuiderhaven" in all_html
    assert 'href="/listening/watches/"' in all_html
    assert client.get("/listening/", {"watch": 999999}).status_code == 404


def test_the_watch_page_keeps_its_query_count(
    moderator, world, take_in, django_assert_max_num_queries
):
    take_in(
        *[{"url": f"https://n.example/g{i}", "title": f"Gent {i}"} for i in range(20)]
    )
    client = _client(moderator)
    client.get(f"/listening/watches/{world['client'].pk}/")
    with django_assert_max_num_queries(12):
        page = client.get(f"/listening/watches/{world['client'].pk}/")
    assert page.status_code == 200


def test_the_notification_list_loads_every_watch_mention_at_once(bob, world, take_in):
    """Each "a watch found a mention" names the mention: the list loads the
    mentions with the notifications (one query), not one per notification."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(bob)

    def queries():
        client.get("/notifications/")  # the person's caches are warm
        with CaptureQueriesContext(connection) as context:
            page = client.get("/notifications/")
        assert page.status_code == 200
        return len(context.captured_queries), page.content.decode()

    few, _html = queries()
    take_in(
        *[{"url": f"https://n.example/g{i}", "title": f"Gent {i}"} for i in range(6)]
    )
    many, html = queries()
    assert "Gent 5" in html and "Gent kiest Zuiderhaven" in html
    assert many == few
