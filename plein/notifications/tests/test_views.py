import pytest
from django.urls import reverse

from plein.groups.actions import check_create_group, check_join_group, check_leave_group
from plein.notifications.actions import do_notify
from plein.notifications.models import Notification
from plein.people.actions import check_follow_person, do_create_person
from plein.posts.actions import check_create_comment, check_create_post


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


def test_list_needs_login(client, db):
    assert client.get(reverse("notifications:list")).status_code == 302


def test_list_shows_sentence_link_and_unread_state(alice_client, alice, bob):
    post = check_create_post(
        bob, body="Hi @alice, can you look at the **budget**?", title="Budget 2027"
    )
    check_follow_person(bob, alice)
    do_notify(
        [alice.pk],
        kind="mention",
        key=f"mention:post:{post.pk}",
        actor_id=bob.pk,
        post_id=post.pk,
    )
    do_notify([alice.pk], kind="follower", key=f"follower:{bob.pk}", actor_id=bob.pk)
    response = alice_client.get(reverse("notifications:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Bob Jansen</strong>" in html
    assert "Budget 2027" in html
    assert f'href="/posts/{post.pk}/"' in html
    assert reverse("people:profile", args=[bob.handle]) in html
    assert html.count("is-unread") == 2
    assert response.context["unread_count"] == 2


def test_sentences_escape_names(alice_client, alice):
    mallory = do_create_person(
        email="m@example.org", full_name="<script>x</script>", password=None
    )
    do_notify([alice.pk], kind="follower", key="follower:m", actor_id=mallory.pk)
    html = alice_client.get(reverse("notifications:list")).content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def test_sentence_for_a_comment(alice_client, alice, bob):
    post = check_create_post(alice, body="A question")
    comment = check_create_comment(bob, post, body="An answer")
    Notification.objects.filter(recipient=alice).delete()
    do_notify(
        [alice.pk],
        kind="reply",
        key="reply:x",
        actor_id=bob.pk,
        post_id=post.pk,
        target=comment,
    )
    html = alice_client.get(reverse("notifications:list")).content.decode()
    assert f"/posts/{post.pk}/#comment-{comment.pk}" in html


def test_mark_all_read_plain_post_redirects(alice_client, alice, bob):
    do_notify([alice.pk], kind="follower", key="follower:1", actor_id=bob.pk)
    assert alice_client.get(reverse("notifications:mark-read")).status_code == 405
    response = alice_client.post(reverse("notifications:mark-read"))
    assert response.status_code == 302
    assert not Notification.objects.filter(
        recipient=alice, read_at__isnull=True
    ).exists()


def test_mark_all_read_with_htmx_returns_list_and_tells_the_badge(
    alice_client, alice, bob
):
    do_notify([alice.pk], kind="follower", key="follower:1", actor_id=bob.pk)
    response = alice_client.post(
        reverse("notifications:mark-read"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "plein:notifications-read"
    assert b"<html" not in response.content
    assert b"is-unread" not in response.content
    assert "HX-Request" in response["Vary"]


def test_load_more_uses_a_cursor(alice_client, alice, bob):
    for n in range(35):
        do_notify([alice.pk], kind="follower", key=f"follower:{n}", actor_id=bob.pk)
    response = alice_client.get(reverse("notifications:list"))
    first_page = response.context["notifications"]
    assert len(first_page) == 30
    before = response.context["next_before"]
    assert before == first_page[-1].pk
    response = alice_client.get(
        reverse("notifications:list"),
        {"before": before},
        headers={"HX-Request": "true"},
    )
    assert len(response.context["notifications"]) == 5
    assert response.context["next_before"] is None
    assert b"<html" not in response.content
    assert b'id="notifications-more"' not in response.content


def test_badge_counts_unread(alice_client, alice, bob):
    response = alice_client.get(reverse("notifications:badge"))
    assert response.status_code == 200
    assert b'id="notification-badge"' in response.content
    assert b'class="badge ' not in response.content
    do_notify([alice.pk], kind="follower", key="follower:1", actor_id=bob.pk)
    response = alice_client.get(reverse("notifications:badge"))
    assert b">1<" in response.content
    # The live stream tells the bell at once; the poll is the fallback.
    assert b'hx-trigger="every 300s' in response.content
    assert b"plein:live-notification from:body" in response.content


def test_badge_stops_polling_when_signed_out(client, db):
    assert client.get(reverse("notifications:badge")).status_code == 286


def test_header_shows_the_badge(alice_client, alice, bob):
    do_notify([alice.pk], kind="follower", key="follower:1", actor_id=bob.pk)
    response = alice_client.get(reverse("notifications:list"))
    assert b'id="notification-badge"' in response.content
    assert (
        b"1 unread notification" in response.content
        or b"1 ongelezen" in response.content
    )


def test_notification_about_post_in_group_left_is_hidden(alice_client, alice, bob):
    group = check_create_group(bob, name="Finance")
    check_join_group(alice, group)
    post = check_create_post(bob, body="Quarterly numbers", group=group)
    do_notify(
        [alice.pk],
        kind="group_post",
        key=f"group_post:{post.pk}",
        actor_id=bob.pk,
        post_id=post.pk,
    )
    response = alice_client.get(reverse("notifications:list"))
    assert len(response.context["notifications"]) == 1
    # A closed group keeps its posts from people who are not members.
    from plein.access.roles import GroupKind
    from plein.groups.actions import check_update_group

    check_update_group(
        bob, group, name="Finance", description="", kind=GroupKind.CLOSED
    )
    check_leave_group(alice, group)
    response = alice_client.get(reverse("notifications:list"))
    assert response.context["notifications"] == []
    assert response.context["unread_count"] == 0
    assert (
        b'class="badge ' not in alice_client.get(reverse("notifications:badge")).content
    )


def test_seven_reactions_show_as_one_item_and_one_unread(
    alice_client, alice, make_person, make_post, run_on_commit
):
    from plein.posts.actions import check_react

    post = make_post(alice, "Nieuws", title="Kwartaalcijfers")
    fans = [make_person(f"Fan{n} Achternaam") for n in range(7)]
    for fan in fans:
        run_on_commit(check_react, fan, post=post, kind="like")
    response = alice_client.get(reverse("notifications:list"))
    html = response.content.decode()
    assert html.count('class="notification is-unread"') == 1
    assert "<strong>Fan6 Achternaam</strong> en 6 anderen waarderen je bericht" in html
    assert response.context["unread_count"] == 1
    badge = alice_client.get(reverse("notifications:badge")).content
    assert b">1<" in badge
    alice_client.post(reverse("notifications:mark-read"))
    assert not Notification.objects.filter(recipient=alice, read_at=None).exists()
    assert (
        b'class="badge ' not in alice_client.get(reverse("notifications:badge")).content
    )


def test_sentence_shows_the_post_as_text_escaped_once(alice_client, alice, bob):
    post = check_create_post(bob, body="Hi @alice: **R&D** [plan](https://x.test)")
    do_notify(
        [alice.pk],
        kind="mention",
        key=f"mention:post:{post.pk}",
        actor_id=bob.pk,
        post_id=post.pk,
    )
    html = alice_client.get(reverse("notifications:list")).content.decode()
    assert "Hi @alice: R&amp;D plan" in html
    assert "&amp;amp;" not in html
    assert "**" not in html
