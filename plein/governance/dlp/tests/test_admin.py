"""Rules and terms in the Django admin: org admins only, through the actions."""

from typing import Any

import pytest
from django.test import Client

from plein.governance.dlp.models import DlpRule, DlpTerm

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_org_admin_edits_a_rule_and_adds_a_term(admin: Any) -> None:
    client = client_for(admin)
    assert client.get("/admin/dlp/dlprule/").status_code == 200
    rule = DlpRule.objects.get(code="iban")
    response = client.post(
        f"/admin/dlp/dlprule/{rule.pk}/change/", {"enabled": "on", "action": "block"}
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.action == "block"
    response = client.post(
        "/admin/dlp/dlpterm/add/",
        {"term": "Project Nachtegaal", "kind": "confidential"},
    )
    assert response.status_code == 302
    assert DlpTerm.objects.get().added_by == admin


def test_others_cannot_open_the_admin_pages(alice: Any, moderator: Any) -> None:
    for user in (alice, moderator):
        response = client_for(user).get("/admin/dlp/dlpterm/")
        assert response.status_code in (302, 403, 404)
