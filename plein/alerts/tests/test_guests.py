"""External guests never see the organisation's shared alerts.

Shared alerts are the organisation's own lists (its clients, its products).
A guest may not list them, open them, subscribe to them, see their hits or
be told about them, in pages or the API; a colleague who subscribed and then
became a guest stops hearing from them at once, and what was waiting for
delivery is dropped.
"""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from plein.access.roles import Role
from plein.alerts.actions import check_subscribe, do_deliver_alert_hits
from plein.alerts.models import AlertHit, AlertSubscription
from plein.alerts.queries import list_digest_hits

pytestmark = pytest.mark.django_db

CLIENTS = "Zqklantbank\nZqverzekeraar"


@pytest.fixture
def shared(admin, make_alert):
    return make_alert(
        admin,
        CLIENTS,
        name="Zqklanten",
        description="Pfklantenlijst",
        is_shared=True,
    )


@pytest.fixture
def guest(make_person, make_group, alice):
    """A guest in Alice's closed group, where they read every post."""
    person = make_person("Gerda Gast", role=Role.GUEST)
    make_group(alice, "Project Noord", "closed", members=(person,))
    return person


def browser(person):
    client = Client()
    client.force_login(person)
    return client


def api(person, method, path, data=None):
    return getattr(browser(person), method)(
        f"/api/v1/alerts{path}", data or {}, content_type="application/json"
    )


def test_guest_alert_list_page_does_not_show_or_mention_shared_alerts(
    guest, alice, shared
):
    page = browser(guest).get(reverse("alerts:list")).content.decode()
    assert "Zqklanten" not in page and "Pfklantenlijst" not in page
    assert 'id="shared-alerts-heading"' not in page
    # A colleague sees the list, and the section.
    colleague = browser(alice).get(reverse("alerts:list")).content.decode()
    assert "Zqklanten" in colleague and 'id="shared-alerts-heading"' in colleague


def test_guest_api_list_has_only_their_own_alerts(guest, shared, make_alert):
    own = make_alert(guest, "planning", name="Mijn planning")
    response = api(guest, "get", "")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [own.pk]


def test_guest_gets_404_for_a_shared_alert_everywhere(guest, shared):
    client = browser(guest)
    pages = {
        "hits page": client.get(reverse("alerts:hits", args=[shared.pk])),
        "subscribe": client.post(
            reverse("alerts:subscribe", args=[shared.pk]),
            {"frequency": "instant", "channel": "in_app"},
        ),
        "edit page": client.get(reverse("alerts:edit", args=[shared.pk])),
        "API detail": api(guest, "get", f"/{shared.pk}"),
        "API hits": api(guest, "get", f"/{shared.pk}/hits"),
        "API subscribe": api(
            guest,
            "post",
            f"/{shared.pk}/subscription",
            {"frequency": "instant", "channel": "in_app"},
        ),
        "API unsubscribe": api(guest, "delete", f"/{shared.pk}/subscription"),
    }
    # The same answer as for an alert that does not exist.
    missing = api(guest, "get", f"/{shared.pk + 1000}")
    for place, response in pages.items():
        assert response.status_code == 404, place
        assert b"Zqklanten" not in response.content, place
    assert pages["API detail"].json() == missing.json()
    assert not AlertSubscription.objects.filter(user=guest).exists()


def _become_guest(person):
    # Roles change in the Django admin, which saves the field.
    person.role = Role.GUEST
    person.save(update_fields=["role"])


def test_colleague_who_becomes_guest_is_no_longer_alerted(
    bob, alice, make_group, make_post, shared, alert_notifications
):
    group = make_group(alice, "Project Zuid", "closed", members=(bob,))
    check_subscribe(bob, shared, frequency="instant", channel="in_app")
    make_post(alice, "Gesprek met Zqklantbank", group=group)
    assert len(alert_notifications(bob)) == 1
    _become_guest(bob)
    # Bob still reads the group's posts, but the alert is not his any more.
    make_post(alice, "Zqverzekeraar belt terug", group=group)
    assert len(alert_notifications(bob)) == 1
    assert AlertHit.objects.filter(subscription__user=bob).count() == 1


def test_waiting_hits_are_dropped_when_the_subscriber_becomes_guest(
    bob, alice, make_group, make_post, shared, alert_notifications
):
    group = make_group(alice, "Project West", "closed", members=(bob,))
    check_subscribe(bob, shared, frequency="daily", channel="in_app")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 6, tzinfo=datetime.UTC)):
        make_post(alice, "Zqklantbank tekent", group=group)
    assert AlertHit.objects.filter(delivered_at__isnull=True).count() == 1
    _become_guest(bob)
    assert do_deliver_alert_hits("daily") == 0
    assert alert_notifications(bob) == []
    assert not AlertHit.objects.exists()


def test_email_hits_of_a_shared_alert_leave_the_digest_of_a_new_guest(
    bob, alice, make_group, make_post, shared
):
    group = make_group(alice, "Project Oost", "closed", members=(bob,))
    check_subscribe(bob, shared, frequency="daily", channel="email")
    make_post(alice, "Zqverzekeraar op bezoek", group=group)
    assert len(list_digest_hits(bob, frequency="daily")) == 1
    _become_guest(bob)
    assert list_digest_hits(bob, frequency="daily") == []
    recent = api(bob, "get", f"/{shared.pk}/hits")
    assert recent.status_code == 404
