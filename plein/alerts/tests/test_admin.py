"""Shared alerts in the Django admin."""

import pytest

from plein.alerts.models import Alert

pytestmark = pytest.mark.django_db


def test_admin_creates_shared_alert_through_the_actions(client, admin):
    client.force_login(admin)
    response = client.post(
        "/admin/alerts/alert/add/",
        {"name": "Klanten", "description": "", "query": "ING\nASML", "is_active": "on"},
    )
    assert response.status_code == 302, response.content[:2000]
    alert = Alert.objects.get()
    assert alert.is_shared
    assert alert.created_by == admin
    assert len(alert.compiled) == 2


def test_admin_form_rejects_an_invalid_query(client, admin):
    client.force_login(admin)
    response = client.post(
        "/admin/alerts/alert/add/",
        {"name": "K", "description": "", "query": "@nobody", "is_active": "on"},
    )
    assert response.status_code == 200
    assert not Alert.objects.exists()


def test_admin_edits_shared_alert(client, admin, make_alert):
    alert = make_alert(admin, "ING", name="Klanten", is_shared=True)
    client.force_login(admin)
    response = client.post(
        f"/admin/alerts/alert/{alert.pk}/change/",
        {"name": "Klanten", "description": "", "query": "Rabobank"},
    )
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.query, alert.is_active) == ("Rabobank", False)
    assert alert.compiled[0]["terms"]


def test_admin_lists_no_personal_alerts(client, admin, alice, make_alert):
    make_alert(alice, "geheim", name="Persoonlijk")
    client.force_login(admin)
    response = client.get("/admin/alerts/alert/")
    assert response.status_code == 200
    assert b"Persoonlijk" not in response.content


def test_members_cannot_reach_the_alert_admin(client, alice):
    client.force_login(alice)
    assert client.get("/admin/alerts/alert/").status_code == 302
