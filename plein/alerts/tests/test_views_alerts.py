"""The alert pages: list, create, edit, delete, subscribe and hits."""

import pytest
from django.urls import reverse

from plein.alerts.models import Alert, AlertSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(admin, make_alert):
    return make_alert(admin, "ING\nRabobank", name="Klanten", is_shared=True)


def test_list_shows_my_alerts_and_shared_ones(client, alice, bob, make_alert, shared):
    make_alert(alice, "vergadering", name="Mijn vergaderingen")
    make_alert(bob, "geheim", name="Van Bob")
    client.force_login(alice)
    response = client.get(reverse("alerts:list"))
    assert response.status_code == 200
    assert b"Mijn vergaderingen" in response.content
    assert b"Klanten" in response.content
    assert b"Van Bob" not in response.content


def test_list_requires_login(client):
    response = client.get(reverse("alerts:list"))
    assert response.status_code == 302


def test_create_is_prefilled_from_a_search(client, alice):
    client.force_login(alice)
    response = client.get(reverse("alerts:create") + "?q=vergadering+budget")
    assert response.status_code == 200
    assert b"vergadering budget" in response.content


def test_create_saves_a_personal_alert(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("alerts:create"),
        {"name": "Budget", "query": "budget", "frequency": "daily", "channel": "email"},
    )
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert (alert.name, alert.is_shared, alert.created_by) == ("Budget", False, alice)
    assert AlertSubscription.objects.get().frequency == "daily"


def test_create_shows_query_errors_on_the_field(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("alerts:create"),
        {"name": "X", "query": "@nobody", "frequency": "daily", "channel": "email"},
    )
    assert response.status_code == 200
    assert b"field-error" in response.content
    assert not Alert.objects.exists()


def test_shared_create_is_for_admins_only(client, alice, admin):
    client.force_login(alice)
    client.post(reverse("alerts:create") + "?shared=1", {"name": "K", "query": "ING"})
    # Without the right, the ?shared flag is ignored: a personal alert, at most.
    assert not Alert.objects.filter(is_shared=True).exists()
    client.force_login(admin)
    response = client.post(
        reverse("alerts:create") + "?shared=1",
        {"name": "Klanten", "description": "Onze klanten", "query": "ING\nASML"},
    )
    assert response.status_code == 302
    assert Alert.objects.get(is_shared=True).description == "Onze klanten"


def test_edit_own_alert(client, alice, make_alert):
    alert = make_alert(alice, "vergadering")
    client.force_login(alice)
    url = reverse("alerts:edit", args=[alert.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Nieuw",
            "query": "begroting",
            "frequency": "weekly",
            "channel": "in_app",
        },
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.name, alert.query) == ("Nieuw", "begroting")
    assert AlertSubscription.objects.get().frequency == "weekly"


def test_edit_someone_elses_alert_is_404(client, bob, alice, make_alert):
    alert = make_alert(alice, "vergadering")
    client.force_login(bob)
    assert client.get(reverse("alerts:edit", args=[alert.pk])).status_code == 404
    assert client.post(reverse("alerts:delete", args=[alert.pk])).status_code == 404
    assert client.get(reverse("alerts:hits", args=[alert.pk])).status_code == 404


def test_edit_shared_alert_is_forbidden_for_members(client, alice, shared):
    client.force_login(alice)
    assert client.get(reverse("alerts:edit", args=[shared.pk])).status_code == 403


def test_admin_edits_shared_alert(client, admin, shared):
    client.force_login(admin)
    response = client.post(
        reverse("alerts:edit", args=[shared.pk]),
        {"name": "Klanten", "description": "", "query": "ING", "is_active": ""},
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.query, shared.is_active) == ("ING", False)


def test_delete_own_alert(client, alice, make_alert):
    alert = make_alert(alice, "vergadering")
    client.force_login(alice)
    response = client.post(
        reverse("alerts:delete", args=[alert.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("alerts:list")
    assert not Alert.objects.exists()


def test_delete_requires_post(client, alice, make_alert):
    alert = make_alert(alice, "vergadering")
    client.force_login(alice)
    assert client.get(reverse("alerts:delete", args=[alert.pk])).status_code == 405


def test_subscribe_and_unsubscribe_with_htmx(client, alice, shared):
    client.force_login(alice)
    url = reverse("alerts:subscribe", args=[shared.pk])
    response = client.post(
        url, {"frequency": "weekly", "channel": "email"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert b"Afmelden" in response.content
    assert b"<html" not in response.content
    subscription = AlertSubscription.objects.get(user=alice)
    assert (subscription.frequency, subscription.channel) == ("weekly", "email")
    response = client.post(url, {"action": "unsubscribe"})
    assert response.status_code == 302
    assert not AlertSubscription.objects.filter(user=alice).exists()


def test_subscribe_with_a_bad_frequency_is_refused(client, alice, shared):
    client.force_login(alice)
    response = client.post(
        reverse("alerts:subscribe", args=[shared.pk]),
        {"frequency": "hourly", "channel": "email"},
    )
    assert response.status_code == 400
    assert not AlertSubscription.objects.exists()


def test_hits_page_shows_only_visible_content(
    client, alice, bob, make_alert, make_group, make_post, run_on_commit
):
    from plein.groups.actions import check_leave_group

    group = make_group(bob, "Directie", kind="closed", members=(alice,))
    alert = make_alert(alice, "vergadering")
    make_post(bob, "Open vergadering")
    make_post(bob, "Geheime vergadering directie", group=group)
    run_on_commit(check_leave_group, alice, group)
    client.force_login(alice)
    response = client.get(reverse("alerts:hits", args=[alert.pk]))
    assert response.status_code == 200
    assert b"Open vergadering" in response.content
    assert b"Geheime vergadering" not in response.content


def test_search_page_links_to_save_as_alert(client, alice, bob, make_post):
    make_post(bob, "Vergadering")
    client.force_login(alice)
    response = client.get(reverse("search:results") + "?q=vergadering")
    assert reverse("alerts:create").encode() + b"?q=vergadering" in response.content


def test_hits_page_shows_post_text_without_markdown(
    client, alice, bob, make_alert, make_post
):
    alert = make_alert(alice, "vergadering")
    make_post(bob, "**Open** [vergadering](https://x.test) & koffie")
    client.force_login(alice)
    html = client.get(reverse("alerts:hits", args=[alert.pk])).content.decode()
    assert "Open vergadering &amp; koffie</a>" in html
    assert "**" not in html
