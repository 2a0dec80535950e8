"""The moderation API: /api/v1/reports and /api/v1/moderation/…"""

import json
from typing import get_args

import pytest
from django.test import Client

from plein.api.endpoints.moderation import ActionParam, ReasonParam
from plein.governance.moderation.models import Action, Decision, Reason, Report
from plein.posts.models import Withheld

pytestmark = pytest.mark.django_db


def call(user, method, path, data=None):
    client = Client()
    client.force_login(user)
    body = json.dumps(data) if data is not None else ""
    return getattr(client, method)(
        f"/api/v1{path}", body, content_type="application/json"
    )


def test_the_api_accepts_exactly_the_reasons_and_actions_of_the_models():
    assert list(get_args(ReasonParam)) == Reason.values
    assert list(get_args(ActionParam)) == Action.values


def test_report_a_post(alice, bob, make_post):
    post = make_post(alice)
    response = call(bob, "post", "/reports", {"post_id": post.pk, "reason": "spam"})
    assert response.status_code == 201
    body = response.json()
    assert body["post_id"] == post.pk and body["status"] == "received"
    assert "reporter" not in body
    again = call(bob, "post", "/reports", {"post_id": post.pk, "reason": "spam"})
    assert again.status_code == 409
    mine = call(bob, "get", "/reports").json()["items"]
    assert [r["id"] for r in mine] == [body["id"]]
    assert call(alice, "get", "/reports").json()["items"] == []


def test_report_a_comment(alice, bob, make_post, make_comment):
    comment = make_comment(alice, make_post(alice))
    response = call(
        bob,
        "post",
        "/reports",
        {"comment_id": comment.pk, "reason": "harassment", "note": "Grof"},
    )
    assert response.status_code == 201
    assert response.json()["comment_id"] == comment.pk


def test_report_validation(alice, bob, make_post):
    post = make_post(alice)
    response = call(bob, "post", "/reports", {"post_id": post.pk, "reason": "meh"})
    assert response.status_code == 422
    assert response.json()["field"] == "reason"
    response = call(bob, "post", "/reports", {"reason": "spam"})
    assert response.status_code == 400
    assert response.json()["field"] == "post_id"
    own = call(alice, "post", "/reports", {"post_id": post.pk, "reason": "spam"})
    assert own.status_code == 403


def test_secret_content_is_not_found_for_outsiders(alice, carol, make_group, make_post):
    secret = make_group(alice, "Fusie", kind="secret")
    post = make_post(alice, "Overleg over de fusie", group=secret)
    response = call(carol, "post", "/reports", {"post_id": post.pk, "reason": "spam"})
    assert response.status_code == 404
    missing = call(carol, "post", "/reports", {"post_id": 999_999, "reason": "spam"})
    assert missing.json() == response.json()
    assert not Report.objects.exists()


def test_queue_and_decisions(alice, bob, carol, moderator, make_post, report):
    post = make_post(alice, "Koop horloges")
    report(bob, post, "spam", "Reclame")
    report(carol, post, "spam")
    assert call(carol, "get", "/moderation/queue").status_code == 404
    queue = call(moderator, "get", "/moderation/queue").json()
    assert queue["status"] == "open"
    [item] = queue["items"]
    assert item["post_id"] == post.pk and item["report_count"] == 2
    assert item["reasons"] == [{"reason": "spam", "count": 2}]
    assert item["notes"] == ["Reclame"]
    # Nobody reading the queue learns who reported.
    assert bob.full_name not in json.dumps(queue)
    assert carol.full_name not in json.dumps(queue)

    refused = call(
        carol,
        "post",
        "/moderation/decisions",
        {"post_id": post.pk, "action": "hide", "reason": "x"},
    )
    assert refused.status_code == 404
    no_reason = call(
        moderator,
        "post",
        "/moderation/decisions",
        {"post_id": post.pk, "action": "hide", "reason": " "},
    )
    assert no_reason.status_code == 400 and no_reason.json()["field"] == "reason"
    response = call(
        moderator,
        "post",
        "/moderation/decisions",
        {"post_id": post.pk, "action": "hide", "reason": "Reclame"},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["action"] == "hide" and body["closed_reports"] == 2
    post.refresh_from_db()
    assert post.withheld_reason == Withheld.MODERATOR
    assert call(moderator, "get", "/moderation/queue").json()["items"] == []
    decided = call(moderator, "get", "/moderation/queue?status=decided").json()
    assert [d["id"] for d in decided["decisions"]] == [Decision.objects.get().pk]
    assert call(bob, "get", "/reports").json()["items"][0]["status"] == "resolved"


def test_group_admin_queue(alice, bob, carol, make_group, make_post, report):
    group = make_group(alice, "Team", members=(bob, carol))
    in_group = make_post(bob, "In de groep", group=group)
    on_profile = make_post(bob, "Op het profiel")
    report(carol, in_group)
    report(carol, on_profile)
    items = call(alice, "get", "/moderation/queue").json()["items"]
    assert [i["post_id"] for i in items] == [in_group.pk]
    response = call(
        alice,
        "post",
        "/moderation/decisions",
        {"post_id": on_profile.pk, "action": "hide", "reason": "x"},
    )
    assert response.status_code == 404
