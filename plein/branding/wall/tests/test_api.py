"""The wall's API: the list, the author's offer, communications' decision."""

import pytest
from django.test import Client

from plein.branding.wall.models import WallItem

pytestmark = pytest.mark.django_db


def test_offer_decide_and_list(alice, bob, moderator, make_post, api, wall_on):
    post = make_post(alice, "Ons team liep de marathon. Iedereen haalde de finish.")
    offered = api(alice).post(f"/posts/{post.pk}/wall-offer", {"offered": True})
    assert offered.status_code == 200, offered.content
    assert offered.json() == {
        "post_id": post.pk,
        "status": "offered",
        "is_on_wall": False,
        "note": "",
        "url": None,
    }
    assert api(bob).get("/wall").json() == {"items": [], "next_page": None}
    decided = api(moderator).post(
        f"/wall/{post.pk}/decision", {"approve": True, "note": "Mooi!"}
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert body["status"] == "approved" and body["is_on_wall"] is True
    assert body["url"].endswith(f"/wall/{post.pk}/")
    [item] = api(bob).get("/wall").json()["items"]
    assert item["id"] == post.pk
    assert item["author_name"] == "Alice de Vries"
    assert "marathon" in item["html"]
    assert set(item) == {
        "id",
        "title",
        "html",
        "language",
        "author_name",
        "created_at",
        "url",
        "image_urls",
    }
    withdrawn = api(alice).post(f"/posts/{post.pk}/wall-offer", {"offered": False})
    assert withdrawn.json()["status"] == "withdrawn"
    assert api(bob).get("/wall").json() == {"items": [], "next_page": None}


def test_the_list_is_404_while_switched_off(alice, api):
    response = api(alice).get("/wall")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_api_needs_a_token(alice, make_post):
    post = make_post(alice)
    client = Client()
    assert client.get("/api/v1/wall").status_code == 401
    response = client.post(
        f"/api/v1/posts/{post.pk}/wall-offer",
        '{"offered": true}',
        content_type="application/json",
    )
    assert response.status_code == 401


def test_only_the_author_offers(alice, bob, carol, make_post, make_group, api):
    post = make_post(alice)
    response = api(bob).post(f"/posts/{post.pk}/wall-offer", {"offered": True})
    assert response.status_code == 403
    hidden = make_post(alice, "Geheim", group=make_group(alice, "Kluis", kind="secret"))
    response = api(carol).post(f"/posts/{hidden.pk}/wall-offer", {"offered": True})
    assert response.status_code == 404
    assert not WallItem.objects.exists()


def test_errors_name_the_field(alice, moderator, make_post, make_group, offer, api):
    post = make_post(alice)
    for body in ({}, {"offered": "ja"}):
        response = api(alice).post(f"/posts/{post.pk}/wall-offer", body)
        assert response.status_code == 422
        assert response.json()["field"] == "offered"
    closed = make_post(alice, "Intern", group=make_group(alice, "Dicht", kind="closed"))
    response = api(alice).post(f"/posts/{closed.pk}/wall-offer", {"offered": True})
    assert response.status_code == 400
    assert response.json()["field"] == "offered"
    offer(post)
    response = api(moderator).post(f"/wall/{post.pk}/decision", {"approve": "ok"})
    assert response.status_code == 422 and response.json()["field"] == "approve"
    response = api(moderator).post(
        f"/wall/{post.pk}/decision", {"approve": False, "note": "x" * 501}
    )
    assert response.status_code == 422 and response.json()["field"] == "note"


def test_only_communications_decide(alice, bob, admin, make_post, offer, api):
    post = make_post(alice)
    offer(post)
    for person in (alice, bob):
        response = api(person).post(f"/wall/{post.pk}/decision", {"approve": True})
        assert response.status_code == 404
    response = api(admin).post(f"/wall/{post.pk}/decision", {"approve": False})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert (
        api(admin).post("/wall/999999/decision", {"approve": True}).status_code == 404
    )


def test_a_leak_on_approval_is_refused_naming_the_field(
    alice, admin, moderator, make_post, offer, api
):
    from plein.governance.dlp.actions import check_add_term

    post = make_post(alice, "Vandaag tekende Fietsfabriek Zuid bij ons.")
    offer(post)
    check_add_term(admin, term="Fietsfabriek Zuid", kind="client")
    response = api(moderator).post(f"/wall/{post.pk}/decision", {"approve": True})
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "approve" and body["code"] == "leak_found"
    assert WallItem.objects.get(pk=post.pk).status == WallItem.Status.OFFERED
