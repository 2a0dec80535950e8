"""Recognition over HTTP: helped marks, one's contribution, the leaderboard."""

import pytest
from django.test import Client
from django.urls import reverse

from plein.access.roles import GroupKind, Role
from plein.knowledge.recognition.models import HelpedMark, Point

pytestmark = pytest.mark.django_db


def _client(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def ann(make_person):
    return make_person("Ann Author", language="en", handle="ann")


@pytest.fixture
def ben(make_person):
    return make_person("Ben Reader", language="en", handle="ben")


def test_helped_button_on_post_and_comments(ann, ben, make_post, run_on_commit):
    from plein.posts.actions import check_create_comment

    post = make_post(ann, "How to book a meeting room")
    comment = run_on_commit(check_create_comment, ann, post, body="Use the app.")
    page = _client(ben).get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert reverse("recognition:helped-post", args=[post.pk]) in page
    assert reverse("recognition:helped-comment", args=[comment.pk]) in page
    # The author sees no button on their own work.
    own = _client(ann).get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert reverse("recognition:helped-post", args=[post.pk]) not in own


def test_helped_toggle_htmx_and_count_for_everyone(ann, ben, make_person, make_post):
    post = make_post(ann, "Tip")
    url = reverse("recognition:helped-post", args=[post.pk])
    client = _client(ben)
    answer = client.post(url, {"on": "1"}, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'aria-pressed="true"' in html
    assert "1 colleague found this helpful" in html
    # The author and any reader see the count.
    for viewer in (ann, make_person("Cas", language="en")):
        detail = _client(viewer).get(reverse("posts:detail", args=[post.pk]))
        assert "1 colleague found this helpful" in detail.content.decode()
    answer = client.post(url, {"on": "0", "next": "/evil.example/"})
    assert answer.status_code == 302
    assert not HelpedMark.objects.exists()
    assert client.post(url, {"on": "maybe"}).status_code == 400


def test_helped_on_comment_redirects_back_without_htmx(
    ann, ben, make_post, run_on_commit
):
    from plein.posts.actions import check_create_comment

    post = make_post(ann, "Question")
    comment = run_on_commit(check_create_comment, ann, post, body="Answer")
    answer = _client(ben).post(
        reverse("recognition:helped-comment", args=[comment.pk]), {"on": "1"}
    )
    assert answer.status_code == 302
    assert answer["Location"].endswith(f"#comment-{comment.pk}")
    assert Point.objects.get().person_id == ann.pk


def test_own_work_is_refused(ann, make_post, api_client):
    post = make_post(ann, "Mine")
    response = _client(ann).post(
        reverse("recognition:helped-post", args=[post.pk]), {"on": "1"}
    )
    assert response.status_code == 403
    answer = api_client(ann).post(f"/api/v1/recognition/posts/{post.pk}/helped")
    assert answer.status_code == 403
    assert answer.json()["code"] == "forbidden"
    assert not HelpedMark.objects.exists()


def test_no_mark_on_secret_items(
    ann, ben, make_group, make_post, make_page, api_client, run_on_commit
):
    from plein.posts.actions import check_create_comment

    group = make_group(ann, "Secret project", GroupKind.SECRET)
    post = make_post(ann, "Hidden plans", group=group)
    comment = run_on_commit(check_create_comment, ann, post, body="Hidden answer")
    page = make_page(ann, group=group)
    client, api = _client(ben), api_client(ben)
    for name, pk, path in (
        ("recognition:helped-post", post.pk, f"posts/{post.pk}"),
        ("recognition:helped-comment", comment.pk, f"comments/{comment.pk}"),
        ("recognition:helped-page", page.pk, f"pages/{page.pk}"),
    ):
        assert client.post(reverse(name, args=[pk]), {"on": "1"}).status_code == 404
        assert api.post(f"/api/v1/recognition/{path}/helped").status_code == 404
        assert api.delete(f"/api/v1/recognition/{path}/helped").status_code == 404
    # Missing items answer alike.
    assert api.post("/api/v1/recognition/posts/999999/helped").status_code == 404
    assert not HelpedMark.objects.exists()


def test_helped_on_wiki_page_through_the_api(ann, ben, make_page, api_client):
    page = make_page(ann)
    api = api_client(ben)
    answer = api.post(f"/api/v1/recognition/pages/{page.pk}/helped")
    assert answer.json() == {"marked": True, "count": 1}
    answer = api.delete(f"/api/v1/recognition/pages/{page.pk}/helped")
    assert answer.json() == {"marked": False, "count": 0}
    html = _client(ben).post(
        reverse("recognition:helped-page", args=[page.pk]),
        {"on": "1"},
        headers={"HX-Request": "true"},
    )
    assert "1 colleague found this helpful" in html.content.decode()


def test_contribution_page_shows_own_points_and_thanks(ann, ben, make_post, api_client):
    post = make_post(ann, "Tip")
    _client(ben).post(reverse("recognition:helped-post", args=[post.pk]), {"on": "1"})
    page = _client(ann).get(reverse("recognition:mine")).content.decode()
    assert "2 points" in page
    assert "Ben Reader" in page and "found your post helpful" in page
    # Someone else's contribution page is their own: Ben has none.
    assert (
        "No points yet"
        in _client(ben).get(reverse("recognition:mine")).content.decode()
    )
    body = api_client(ann).get("/api/v1/recognition/me").json()
    assert body["total"] == 2 and body["recent_total"] == 2
    assert body["by_kind"][0]["kind"] == "helped"
    assert body["recent"][0]["giver"]["id"] == ben.pk
    assert body["recent"][0]["url"] == f"/posts/{post.pk}/"


def test_leaderboard_off_by_default(ann, ben, api_client):
    assert _client(ann).get(reverse("recognition:leaderboard")).status_code == 404
    answer = api_client(ann).get("/api/v1/recognition/leaderboard")
    assert answer.status_code == 404
    assert api_client(ann).get("/api/v1/recognition/settings").json() == {
        "leaderboard_enabled": False
    }
    page = _client(ann).get(reverse("recognition:mine")).content.decode()
    assert reverse("recognition:leaderboard") not in page


def test_only_org_admins_change_the_setting(ann, admin, api_client):
    url = reverse("recognition:settings")
    assert _client(ann).get(url).status_code == 404
    assert _client(ann).post(url, {"leaderboard": "on"}).status_code == 404
    answer = api_client(ann).put(
        "/api/v1/recognition/settings",
        {"leaderboard_enabled": True},
        content_type="application/json",
    )
    assert answer.status_code == 403
    assert _client(admin).get(url).status_code == 200


def test_leaderboard_after_admin_enables_it(
    ann, ben, admin, make_person, make_post, make_group, run_on_commit, api_client
):
    from plein.groups.actions import do_add_member
    from plein.people.actions import do_deactivate_person

    cas = make_person("Cas Third", language="en")
    gone = make_person("Gone Person", language="en")
    guest = make_person("Gus Guest", role=Role.GUEST, language="en")
    group = make_group(ann, "Team", GroupKind.CLOSED)
    run_on_commit(do_add_member, group, guest)
    for author, readers in ((ann, [ben, cas]), (ben, [cas]), (gone, [ann])):
        post = make_post(author, "Helpful")
        for reader in readers:
            _client(reader).post(
                reverse("recognition:helped-post", args=[post.pk]), {"on": "1"}
            )
    run_on_commit(do_deactivate_person, gone)
    response = _client(admin).post(
        reverse("recognition:settings"), {"leaderboard": "on"}
    )
    assert response.status_code == 302
    page = _client(cas).get(reverse("recognition:leaderboard"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index("Ann Author") < html.index("Ben Reader")
    assert "Gone Person" not in html
    board = api_client(cas).get("/api/v1/recognition/leaderboard").json()
    assert [(e["person"]["id"], e["points"]) for e in board] == [
        (ann.pk, 4),
        (ben.pk, 2),
    ]
    # A guest sees only their group mates (Ann), not Ben.
    board = api_client(guest).get("/api/v1/recognition/leaderboard").json()
    assert [e["person"]["id"] for e in board] == [ann.pk]
    answer = api_client(admin).put(
        "/api/v1/recognition/settings",
        {"leaderboard_enabled": False},
        content_type="application/json",
    )
    assert answer.json() == {"leaderboard_enabled": False}
    assert _client(cas).get(reverse("recognition:leaderboard")).status_code == 404


def test_post_page_loads_comment_marks_in_one_query(ann, ben, make_post, run_on_commit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plein.posts.actions import check_create_comment

    post = make_post(ann, "Question")
    comments = [
        run_on_commit(check_create_comment, ann, post, body=f"Answer {n}")
        for n in range(6)
    ]
    client = _client(ben)
    client.post(
        reverse("recognition:helped-comment", args=[comments[2].pk]), {"on": "1"}
    )
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("posts:detail", args=[post.pk]))
    marks = [
        q for q in queries.captured_queries if "recognition_helpedmark" in q["sql"]
    ]
    assert len(marks) == 2  # the post's count, then all its comments' at once
    html = page.content.decode()
    assert html.count("1 colleague found this helpful") == 1
    assert html.count('aria-pressed="true"') >= 1


def test_helped_state_through_the_api(ann, ben, make_post, make_group, api_client):
    post = make_post(ann, "Tip")
    api_client(ben).post(f"/api/v1/recognition/posts/{post.pk}/helped")
    # The author reads the count of their own post; the giver sees their mark.
    assert api_client(ann).get(
        f"/api/v1/recognition/posts/{post.pk}/helped"
    ).json() == {
        "marked": False,
        "count": 1,
    }
    assert api_client(ben).get(
        f"/api/v1/recognition/posts/{post.pk}/helped"
    ).json() == {
        "marked": True,
        "count": 1,
    }
    secret = make_post(ann, "Hidden", group=make_group(ann, "S", GroupKind.SECRET))
    answer = api_client(ben).get(f"/api/v1/recognition/posts/{secret.pk}/helped")
    assert answer.status_code == 404


def test_deactivated_people_leave_the_cached_leaderboard_at_once(
    ann, ben, admin, make_post, run_on_commit, api_client
):
    from plein.people.actions import do_deactivate_person

    post = make_post(ann, "Tip")
    _client(ben).post(reverse("recognition:helped-post", args=[post.pk]), {"on": "1"})
    _client(admin).post(reverse("recognition:settings"), {"leaderboard": "on"})
    api = api_client(ben)
    assert [
        e["person"]["id"] for e in api.get("/api/v1/recognition/leaderboard").json()
    ] == [ann.pk]
    run_on_commit(do_deactivate_person, ann)
    assert api.get("/api/v1/recognition/leaderboard").json() == []
    # Admins, who see deactivated accounts elsewhere, do not see them here.
    board = api_client(admin).get("/api/v1/recognition/leaderboard").json()
    assert board == []
