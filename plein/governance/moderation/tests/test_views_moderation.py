"""The moderation pages, and what readers and authors see of moderated content."""

import pytest
from django.test import Client

from plein.governance.moderation.models import Decision, Report
from plein.posts.models import Withheld

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def hidden_post(alice, crowd, make_post, report, settings):
    """A post hidden after reports from the three people in ``crowd``."""
    settings.MODERATION_HIDE_AFTER_REPORTS = 3
    post = make_post(alice, "Zeldzame kwalleninvasie op kantoor")
    for person in crowd:
        report(person, post, "spam", f"Gemeld door {person.full_name}")
    post.refresh_from_db()
    assert post.withheld_reason == Withheld.REPORTS
    return post


def test_report_control_shows_for_readers_not_authors(alice, bob, make_post):
    post = make_post(alice, "Hallo team")
    url = f"/moderation/posts/{post.pk}/report/"
    assert url in client_for(bob).get(f"/posts/{post.pk}/").content.decode()
    assert url not in client_for(alice).get(f"/posts/{post.pk}/").content.decode()


def test_report_control_on_comments(alice, bob, make_post, make_comment):
    post = make_post(alice)
    comment = make_comment(bob, post, "Mijn reactie")
    page = client_for(alice).get(f"/posts/{post.pk}/").content.decode()
    assert f"/moderation/comments/{comment.pk}/report/" in page


def test_report_page_and_submit(alice, bob, make_post):
    post = make_post(alice)
    client = client_for(bob)
    url = f"/moderation/posts/{post.pk}/report/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "personal_data", "note": "BSN erin"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reason, report.note) == (
        bob,
        "personal_data",
        "BSN erin",
    )
    # Twice: the form says so, nothing is added.
    response = client.post(url, {"reason": "spam"})
    assert response.status_code == 200
    assert "already reported" in response.content.decode()
    assert Report.objects.count() == 1


def test_report_with_htmx_answers_the_fragment(alice, bob, make_post, make_comment):
    post = make_post(alice)
    comment = make_comment(alice, post)
    response = client_for(bob).post(
        f"/moderation/comments/{comment.pk}/report/",
        {"reason": "harassment"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your report was received" in body
    assert "<html" not in body
    assert Report.objects.get().comment == comment


def test_report_form_requires_a_reason(alice, bob, make_post):
    post = make_post(alice)
    response = client_for(bob).post(f"/moderation/posts/{post.pk}/report/", {})
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_secret_group_content_cannot_be_reported_by_outsiders(
    alice, bob, carol, make_group, make_post, make_comment
):
    secret = make_group(alice, "Fusie", kind="secret", members=(bob,))
    post = make_post(alice, "Overleg over de fusie", group=secret)
    comment = make_comment(bob, post)
    client = client_for(carol)
    for url in (
        f"/moderation/posts/{post.pk}/report/",
        f"/moderation/comments/{comment.pk}/report/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()


def test_hidden_content_disappears_for_readers(alice, carol, hidden_post):
    client = client_for(carol)
    assert client.get(f"/posts/{hidden_post.pk}/").status_code == 404
    assert f"/posts/{hidden_post.pk}/" not in client.get("/").content.decode()
    found = client.get("/search/?q=kwalleninvasie").content.decode()
    assert f"/posts/{hidden_post.pk}/" not in found
    assert client.get(f"/api/v1/posts/{hidden_post.pk}").status_code == 404
    feed = client.get("/api/v1/feed").json()
    assert hidden_post.pk not in [item["id"] for item in feed["items"]]
    search = client.get("/api/v1/search?q=kwalleninvasie").json()
    assert hidden_post.pk not in [hit["post_id"] for hit in search["items"]]
    # The same questions find it for its author, so the answers above mean it.
    author = client_for(alice)
    assert (
        f"/posts/{hidden_post.pk}/"
        in author.get("/search/?q=kwalleninvasie").content.decode()
    )
    search = author.get("/api/v1/search?q=kwalleninvasie").json()
    assert hidden_post.pk in [hit["post_id"] for hit in search["items"]]
    assert author.get(f"/api/v1/posts/{hidden_post.pk}").status_code == 200


def test_released_content_comes_back_for_readers(carol, moderator, hidden_post, decide):
    decide(moderator, hidden_post, "keep", "In orde")
    client = client_for(carol)
    assert client.get(f"/posts/{hidden_post.pk}/").status_code == 200
    assert client.get(f"/api/v1/posts/{hidden_post.pk}").status_code == 200


def test_author_still_sees_hidden_content_with_a_notice(alice, hidden_post):
    page = client_for(alice).get(f"/posts/{hidden_post.pk}/").content.decode()
    assert "kwalleninvasie" in page
    assert "Only you can see this post" in page
    assert "Hidden after reports" in page


def test_reporters_are_never_named_to_the_author(alice, crowd, hidden_post):
    client = client_for(alice)
    pages = [
        client.get(f"/posts/{hidden_post.pk}/").content.decode(),
        client.get("/notifications/").content.decode(),
        client.get("/moderation/reports/").content.decode(),
        str(client.get("/api/v1/notifications").content),
    ]
    for person in crowd:
        for page in pages:
            assert person.full_name not in page
    # The author moderates nothing here: the queue does not exist for her.
    assert client.get("/moderation/").status_code == 404


def test_reporter_sees_received_then_resolved(
    alice, crowd, moderator, hidden_post, decide
):
    client = client_for(crowd[0])
    assert "Received" in client.get("/moderation/reports/").content.decode()
    decide(moderator, hidden_post, "keep", "Niets aan de hand")
    page = client.get("/moderation/reports/").content.decode()
    assert "Resolved" in page
    assert "Niets aan de hand" not in page  # the moderator's reason is not theirs


def test_queue_is_404_for_people_who_moderate_nothing(carol):
    assert client_for(carol).get("/moderation/").status_code == 404
    assert client_for(carol).get("/moderation/?status=decided").status_code == 404


def test_moderation_link_in_the_header(alice, carol, moderator, make_group, bob):
    assert 'href="/moderation/"' in client_for(moderator).get("/").content.decode()
    assert 'href="/moderation/"' not in client_for(carol).get("/").content.decode()
    make_group(alice, "Team", members=(bob,))
    assert 'href="/moderation/"' in client_for(alice).get("/").content.decode()


def test_moderator_queue_and_decision(alice, moderator, crowd, hidden_post):
    client = client_for(moderator)
    page = client.get("/moderation/").content.decode()
    assert "kwalleninvasie" in page
    assert "Reported 3 times" in page
    decide_url = f"/moderation/posts/{hidden_post.pk}/decide/"
    assert decide_url in page
    assert client.get(decide_url).status_code == 200
    # A reason is required.
    response = client.post(decide_url, {"action": "keep", "reason": ""})
    assert response.status_code == 200
    assert not Decision.objects.exists()
    response = client.post(decide_url, {"action": "keep", "reason": "Grap, geen spam"})
    assert response.status_code == 302
    hidden_post.refresh_from_db()
    assert hidden_post.withheld_at is None
    assert "kwalleninvasie" not in client.get("/moderation/").content.decode()
    decided = client.get("/moderation/?status=decided").content.decode()
    assert "Grap, geen spam" in decided


@pytest.mark.parametrize("action", ["hide", "delete", "warn"])
def test_each_decision_through_the_page(
    alice, bob, moderator, make_post, report, action
):
    post = make_post(alice, "Iets")
    report(bob, post)
    response = client_for(moderator).post(
        f"/moderation/posts/{post.pk}/decide/", {"action": action, "reason": "Regel 3"}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.action == action and decision.reason == "Regel 3"
    post.refresh_from_db()
    if action == "hide":
        assert post.withheld_reason == Withheld.MODERATOR
    if action == "delete":
        assert post.deleted_at is not None
    if action == "warn":
        warnings = client_for(alice).get("/moderation/reports/").content.decode()
        assert "Regel 3" in warnings


def test_group_admin_queue_scope(alice, bob, carol, make_group, make_post, report):
    group = make_group(alice, "Team", members=(bob, carol))
    mine = make_post(bob, "Groepsbericht over appeltaart", group=group)
    other = make_post(bob, "Profielbericht over perentaart")
    report(carol, mine)
    report(carol, other)
    client = client_for(alice)
    page = client.get("/moderation/").content.decode()
    assert "appeltaart" in page and "perentaart" not in page
    assert client.get(f"/moderation/posts/{other.pk}/decide/").status_code == 404
    assert client.get(f"/moderation/posts/{mine.pk}/decide/").status_code == 200
    # The queue does not name the reporters.
    assert carol.full_name not in page


def test_admin_lists_decisions_read_only(
    admin, alice, bob, carol, moderator, make_post, report, decide
):
    post = make_post(alice)
    report(bob, post)
    decide(moderator, post, "warn", "Toon")
    client = client_for(admin)
    assert client.get("/admin/moderation/decision/").status_code == 200
    assert client.get("/admin/moderation/decision/add/").status_code == 403
    assert client_for(carol).get("/admin/moderation/decision/").status_code in (
        302,
        403,
    )


def test_author_sees_a_notice_on_a_hidden_comment(
    alice, bob, carol, moderator, make_post, make_comment, report, decide
):
    post = make_post(alice, "Open vraag")
    comment = make_comment(bob, post, "Een onaardige reactie")
    report(carol, comment, "harassment")
    decide(moderator, comment, "hide", "Onaardig")
    page = client_for(bob).get(f"/posts/{post.pk}/").content.decode()
    assert "Een onaardige reactie" in page
    assert "Only you can see this comment" in page
    other = client_for(carol).get(f"/posts/{post.pk}/").content.decode()
    assert "Een onaardige reactie" not in other
