"""The composer's required readers, the "To read" list and confirming."""

import pytest
from django.urls import reverse

from plein.access.roles import GroupKind
from plein.announcements.models import Announcement, RequiredReader
from plein.posts.models import Post

HX = {"HX-Request": "true"}


def composer_data(**extra):
    return {"body": "Lees dit even", "next": reverse("feed:home"), **extra}


@pytest.mark.parametrize("htmx", [False, True])
def test_composer_creates_post_and_readers_together(client, alice, bob, htmx):
    client.force_login(alice)
    response = client.post(
        reverse("posts:create"),
        composer_data(
            required_readers="@bob", requires_action="on", due_date="2099-01-31"
        ),
        headers=HX if htmx else {},
    )
    assert response.status_code == (200 if htmx else 302)
    announcement = Announcement.objects.get()
    assert announcement.post.author == alice
    assert announcement.requires_action
    assert announcement.due_at.date().isoformat() == "2099-01-31"
    assert list(announcement.readers.values_list("user_id", flat=True)) == [bob.pk]


@pytest.mark.parametrize("htmx", [False, True])
def test_refused_reader_list_keeps_the_text_and_creates_nothing(
    client, alice, bob, carol, make_group, htmx
):
    group = make_group(alice, "Besloten", kind=GroupKind.CLOSED, members=(bob,))
    client.force_login(alice)
    response = client.post(
        reverse("posts:create"),
        composer_data(group=str(group.pk), required_readers="@bob, carol@plein.test"),
        headers=HX if htmx else {},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="@bob, carol@plein.test"' in html
    assert "field-error" in html
    assert "Carol Bakker" in html
    assert not Post.objects.exists()
    assert not Announcement.objects.exists()
    if htmx:
        assert response["HX-Retarget"] == "#composer"


def test_unknown_handle_is_a_field_error(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("posts:create"), composer_data(required_readers="@nobody")
    )
    assert response.status_code == 200
    assert "nobody" in response.content.decode()
    assert not Post.objects.exists()


def test_past_due_date_is_a_field_error(client, alice, bob):
    client.force_login(alice)
    response = client.post(
        reverse("posts:create"),
        composer_data(required_readers="@bob", due_date="2001-01-01"),
    )
    assert response.status_code == 200
    assert 'value="2001-01-01"' in response.content.decode()
    assert not Post.objects.exists()


def test_composer_without_readers_makes_no_announcement(client, alice):
    client.force_login(alice)
    client.post(reverse("posts:create"), composer_data())
    assert Post.objects.count() == 1
    assert not Announcement.objects.exists()


def test_pinned_in_feed_until_confirmed(client, alice, bob, make_post, announce):
    post = make_post(alice, "Verplichte kost")
    announce(alice, post, [bob])
    client.force_login(bob)
    confirm_url = reverse("announcements:confirm", args=[post.pk])
    html = client.get(reverse("feed:home")).content.decode()
    assert 'id="to-read-title"' in html
    assert f'id="to-read-{post.pk}"' in html
    assert confirm_url in html

    response = client.post(confirm_url, headers=HX)
    assert response.status_code == 200
    assert "is-confirmed" in response.content.decode()
    assert RequiredReader.objects.get(user=bob).confirmed_at is not None

    html = client.get(reverse("feed:home")).content.decode()
    assert f'id="to-read-{post.pk}"' not in html


def test_confirm_without_javascript_redirects_back(
    client, alice, bob, make_post, announce
):
    post = make_post(alice)
    announce(alice, post, [bob])
    client.force_login(bob)
    response = client.post(
        reverse("announcements:confirm", args=[post.pk]),
        {"next": reverse("feed:home")},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("feed:home")
    assert RequiredReader.objects.get(user=bob).confirmed_at is not None


def test_confirm_by_someone_not_asked_is_404(client, alice, carol, make_post):
    post = make_post(alice)
    client.force_login(carol)
    response = client.post(reverse("announcements:confirm", args=[post.pk]))
    assert response.status_code == 404


def test_pending_reading_of_a_post_no_longer_visible_is_not_listed(
    client, alice, bob, make_group, make_post, announce
):
    group = make_group(alice, "Team", kind=GroupKind.CLOSED, members=(bob,))
    post = make_post(alice, "Teamzaken", group=group)
    announce(alice, post, [bob])
    from plein.groups.actions import do_remove_member

    do_remove_member(group, bob)
    client.force_login(bob)
    html = client.get(reverse("feed:home")).content.decode()
    assert f'id="to-read-{post.pk}"' not in html


def test_post_page_records_opened_and_shows_the_banner(
    client, alice, bob, make_post, announce
):
    post = make_post(alice)
    announce(alice, post, [bob])
    client.force_login(bob)
    html = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "required-reading-banner" in html
    assert reverse("announcements:confirm", args=[post.pk]) in html
    assert RequiredReader.objects.get(user=bob).opened_at is not None


def test_author_sees_links_to_receipts_and_adding_readers(
    client, alice, bob, make_post, announce
):
    post = make_post(alice)
    announce(alice, post, [bob])
    client.force_login(alice)
    html = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert reverse("announcements:receipts", args=[post.pk]) in html
    assert reverse("announcements:readers-add", args=[post.pk]) in html


def test_readers_add_by_author(client, alice, bob, carol, make_post):
    post = make_post(alice)
    client.force_login(alice)
    url = reverse("announcements:readers-add", args=[post.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"required_readers": "bob, carol@plein.test"})
    assert response.status_code == 302
    assert set(RequiredReader.objects.values_list("user_id", flat=True)) == {
        bob.pk,
        carol.pk,
    }


def test_readers_add_empty_is_a_field_error(client, alice, make_post):
    post = make_post(alice)
    client.force_login(alice)
    url = reverse("announcements:readers-add", args=[post.pk])
    response = client.post(url, {"required_readers": ""})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()


def test_readers_add_by_someone_else_is_403(client, alice, bob, make_post):
    post = make_post(alice)
    client.force_login(bob)
    url = reverse("announcements:readers-add", args=[post.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"required_readers": "carol"}).status_code == 403


def test_readers_add_on_invisible_post_is_404(
    client, alice, carol, make_group, make_post
):
    group = make_group(alice, "Geheim", kind=GroupKind.SECRET)
    post = make_post(alice, group=group)
    client.force_login(carol)
    url = reverse("announcements:readers-add", args=[post.pk])
    assert client.get(url).status_code == 404


def test_profile_setting_hides_read_state(client, alice):
    client.force_login(alice)
    html = client.get(reverse("people:settings")).content.decode()
    assert 'name="shows_read_state"' in html


def test_to_read_box_shows_text_not_markdown(client, alice, bob, make_post, announce):
    post = make_post(alice, "**Nieuw** [beleid](https://example.com) & regels")
    announce(alice, post, [bob])
    client.force_login(bob)
    html = client.get(reverse("feed:home")).content.decode()
    item = html.split(f'id="to-read-{post.pk}"', 1)[1].split("</li>", 1)[0]
    assert "Nieuw beleid &amp; regels</a>" in item
    assert "**" not in item
    assert "](" not in item
