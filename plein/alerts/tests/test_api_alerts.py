"""The alerts API: /api/v1/alerts."""

import json

import pytest
from django.test import Client

from plein.alerts.models import Alert, AlertSubscription

pytestmark = pytest.mark.django_db


def call(user, method, path, data=None):
    client = Client()
    client.force_login(user)
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method)(
        f"/api/v1/alerts{path}", body, content_type="application/json"
    )


@pytest.fixture
def shared(admin, make_alert):
    return make_alert(admin, "ING\nRabobank", name="Klanten", is_shared=True)


def test_create_and_list(alice, shared):
    response = call(
        alice, "post", "", {"name": "Budget", "query": "budget", "frequency": "daily"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["subscription"]["frequency"] == "daily"
    assert body["can_edit"] is True
    names = [a["name"] for a in call(alice, "get", "").json()["items"]]
    assert names == ["Budget", "Klanten"]


def test_create_with_an_invalid_query(alice):
    response = call(alice, "post", "", {"name": "X", "query": "@nobody"})
    assert response.status_code == 400
    assert response.json()["field"] == "query"


def test_create_shared_is_forbidden_for_members(alice):
    response = call(alice, "post", "", {"name": "K", "query": "ING", "is_shared": True})
    assert response.status_code == 403


def test_detail_update_delete_own_alert(alice, make_alert):
    alert = make_alert(alice, "vergadering")
    assert call(alice, "get", f"/{alert.pk}").json()["query"] == "vergadering"
    response = call(
        alice, "patch", f"/{alert.pk}", {"query": "begroting", "channel": "email"}
    )
    assert response.status_code == 200
    assert response.json()["query"] == "begroting"
    assert response.json()["subscription"]["channel"] == "email"
    assert call(alice, "delete", f"/{alert.pk}").status_code == 204
    assert not Alert.objects.exists()


def test_someone_elses_alert_is_404(alice, bob, make_alert):
    alert = make_alert(alice, "vergadering")
    for method, path in [
        ("get", ""),
        ("patch", ""),
        ("delete", ""),
        ("post", "/subscription"),
        ("delete", "/subscription"),
        ("get", "/hits"),
    ]:
        data = {} if method in ("patch", "post") else None
        response = call(bob, method, f"/{alert.pk}{path}", data)
        assert response.status_code == 404, (method, path)
    assert call(bob, "get", "/999999").status_code == 404


def test_shared_alert_is_read_only_for_members(alice, shared):
    assert call(alice, "get", f"/{shared.pk}").json()["can_edit"] is False
    assert call(alice, "patch", f"/{shared.pk}", {"name": "X"}).status_code == 403
    assert call(alice, "delete", f"/{shared.pk}").status_code == 403


def test_admin_changes_shared_alert(admin, shared):
    response = call(admin, "patch", f"/{shared.pk}", {"is_active": False})
    assert response.status_code == 200
    assert response.json()["is_active"] is False


def test_subscribe_and_unsubscribe(alice, shared):
    response = call(
        alice,
        "post",
        f"/{shared.pk}/subscription",
        {"frequency": "weekly", "channel": "email"},
    )
    assert response.status_code == 200
    assert response.json()["frequency"] == "weekly"
    assert AlertSubscription.objects.filter(user=alice).exists()
    assert call(alice, "delete", f"/{shared.pk}/subscription").status_code == 204
    assert not AlertSubscription.objects.filter(user=alice).exists()


def test_subscribe_with_unknown_frequency_is_422(alice, shared):
    response = call(
        alice, "post", f"/{shared.pk}/subscription", {"frequency": "hourly"}
    )
    assert response.status_code == 422


def test_hits_show_only_visible_content(alice, bob, make_alert, make_group, make_post):
    from plein.posts.actions import do_delete_post

    alert = make_alert(alice, "vergadering")
    kept = make_post(bob, "Vergadering")
    gone = make_post(bob, "Nog een vergadering")
    do_delete_post(bob, gone)
    response = call(alice, "get", f"/{alert.pk}/hits")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [i["post_id"] for i in items] == [kept.pk]
    assert items[0]["author"]["handle"] == "bob"


def test_anonymous_is_401():
    assert Client().get("/api/v1/alerts").status_code == 401


def test_list_costs_the_same_queries_for_more_alerts(
    alice, admin, make_alert, django_assert_max_num_queries
):
    make_alert(alice, "vergadering", name="A")
    make_alert(admin, "begroting", name="B", is_shared=True)
    client = Client()
    client.force_login(alice)
    client.get("/api/v1/alerts")
    for n in range(5):
        make_alert(alice, f"woord{n}", name=f"A{n}")
        make_alert(admin, f"term{n}", name=f"B{n}", is_shared=True)
    # Session, user, alerts and their subscriptions: no query per alert.
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/alerts")
    assert len(response.json()["items"]) == 12
