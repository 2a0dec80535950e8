from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.core.errors import NotFound
from plein.core.events import capture_events
from plein.feed.models import InboxEntry
from plein.governance.compliance.holds import check_create_hold, do_release_hold
from plein.governance.compliance.models import RetentionPolicy
from plein.governance.compliance.retention import (
    check_set_retention,
    default_days,
    do_purge_expired,
)
from plein.governance.compliance.tasks import purge_expired_content
from plein.notifications.models import Notification
from plein.posts.actions import (
    check_create_comment,
    check_edit_post,
    check_upload_attachment,
    do_delete_post,
)
from plein.posts.models import Attachment, Comment, Post, PostRevision
from plein.search.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_person):
    return make_person("Olga Officer", role="compliance", handle="olga")


def age(obj, days):
    type(obj).objects.filter(pk=obj.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


def purge(run_on_commit):
    return run_on_commit(purge_expired_content.call)


def test_default_term_comes_from_the_setting(settings, admin):
    settings.RETENTION_DAYS = 100
    assert default_days() == 100
    check_set_retention(admin, days=30)
    assert default_days() == 30


def test_expired_post_is_purged_with_everything_hanging_on_it(
    alice, bob, make_group, make_post, run_on_commit
):
    group = make_group(alice, "Finance", members=(bob,))
    attachment = check_upload_attachment(
        alice, filename="plan.txt", content_type="text/plain", data=b"het plan"
    )
    file_path = Path(attachment.file.path)
    post = make_post(alice, "Oud nieuws", group=group, attachment_ids=[attachment.pk])
    run_on_commit(check_edit_post, alice, post, body="Oud nieuws, bijgewerkt")
    comment = run_on_commit(check_create_comment, bob, post, body="Dank je")
    assert PostRevision.objects.filter(post=post).exists()
    assert InboxEntry.objects.filter(post=post).exists()
    assert Document.objects.filter(post=post).exists()
    assert Notification.objects.filter(post=post).exists()
    assert file_path.exists()
    age(post, 3000)
    age(comment, 3000)

    with capture_events() as events:
        result = purge(run_on_commit)

    assert result == {
        "posts": 1,
        "comments": 1,
        "attachments": 0,
        "scheduled_posts": 0,
        "vacancy_applications": 0,
        "onboarding_plans": 0,
        "candidates": 0,
    }
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert not PostRevision.objects.filter(post_id=post.pk).exists()
    assert not InboxEntry.objects.filter(post_id=post.pk).exists()
    assert not Document.objects.filter(post_id=post.pk).exists()
    assert not Notification.objects.filter(post_id=post.pk).exists()
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not file_path.exists()
    purged = [e for e in events if e.name == "compliance.retention.purged"]
    assert {i for e in purged for i in e.payload.get("post_ids", [])} == {post.pk}


def test_fresh_content_is_kept_and_a_second_run_changes_nothing(
    alice, make_post, run_on_commit
):
    old = make_post(alice, "Oud")
    fresh = make_post(alice, "Nieuw")
    age(old, 3000)
    age(fresh, 10)
    assert purge(run_on_commit)["posts"] == 1
    assert purge(run_on_commit)["posts"] == 0
    assert list(Post.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_deleted_posts_are_purged_when_their_term_ends(alice, make_post, run_on_commit):
    expired = make_post(alice, "Weg en oud")
    recent = make_post(alice, "Weg maar recent")
    run_on_commit(do_delete_post, alice, expired)
    run_on_commit(do_delete_post, alice, recent)
    age(expired, 3000)
    purge(run_on_commit)
    assert list(Post.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_group_can_keep_content_shorter(
    admin, alice, make_group, make_post, run_on_commit
):
    group = make_group(alice, "Kort")
    in_group = make_post(alice, "In de groep", group=group)
    on_profile = make_post(alice, "Op mijn profiel")
    check_set_retention(admin, days=30, group=group)
    age(in_group, 40)
    age(on_profile, 40)
    purge(run_on_commit)
    assert list(Post.objects.values_list("pk", flat=True)) == [on_profile.pk]


def test_an_expired_comment_goes_but_its_fresh_post_stays(
    alice, bob, make_post, run_on_commit
):
    post = make_post(alice, "Nog actueel")
    old = run_on_commit(check_create_comment, bob, post, body="Oude reactie")
    new = run_on_commit(check_create_comment, bob, post, body="Nieuwe reactie")
    age(old, 3000)
    purge(run_on_commit)
    assert list(Comment.objects.values_list("pk", flat=True)) == [new.pk]
    post.refresh_from_db()
    assert post.comment_count == 1


def test_an_expired_post_with_a_fresh_comment_waits_for_the_thread(
    alice, bob, make_post, run_on_commit
):
    post = make_post(alice, "Oud draadje")
    comment = run_on_commit(check_create_comment, bob, post, body="Recent")
    age(post, 3000)
    purge(run_on_commit)
    assert Post.objects.filter(pk=post.pk).exists()
    age(comment, 3000)
    purge(run_on_commit)
    assert not Post.objects.filter(pk=post.pk).exists()


def test_a_hold_on_a_person_keeps_their_content_until_released(
    alice, bob, officer, make_post, run_on_commit
):
    held = make_post(alice, "Bewijsstuk")
    other = make_post(bob, "Niet relevant")
    age(held, 3000)
    age(other, 3000)
    hold = check_create_hold(officer, matter="Zaak 12", person=alice)

    purge(run_on_commit)
    assert list(Post.objects.values_list("pk", flat=True)) == [held.pk]

    do_release_hold(officer, hold)
    purge(run_on_commit)
    assert not Post.objects.exists()


def test_a_hold_on_a_group_keeps_its_threads(
    alice, bob, officer, make_group, make_post, run_on_commit
):
    group = make_group(alice, "Inkoop", members=(bob,))
    post = make_post(alice, "Offerte", group=group)
    comment = run_on_commit(check_create_comment, bob, post, body="Akkoord")
    age(post, 3000)
    age(comment, 3000)
    check_create_hold(officer, matter="Aanbesteding", group=group)
    purge(run_on_commit)
    assert Post.objects.filter(pk=post.pk).exists()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_a_held_comment_keeps_the_post_it_is_under(
    alice, bob, officer, make_post, run_on_commit
):
    post = make_post(alice, "Vraag")
    comment = run_on_commit(check_create_comment, bob, post, body="Antwoord")
    age(post, 3000)
    age(comment, 3000)
    check_create_hold(officer, matter="Zaak", person=bob)
    purge(run_on_commit)
    assert Post.objects.filter(pk=post.pk).exists()
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_the_purge_works_in_batches(alice, make_post, run_on_commit):
    posts = [make_post(alice, f"Bericht {n}") for n in range(5)]
    for post in posts:
        age(post, 3000)
    with capture_events() as events:
        totals = run_on_commit(do_purge_expired, batch_size=2)
    assert totals["posts"] == 5
    assert len([e for e in events if e.name == "compliance.retention.purged"]) == 3


def test_only_org_admins_set_retention(alice, officer):
    with pytest.raises(NotFound):
        check_set_retention(alice, days=10)
    with pytest.raises(NotFound):
        check_set_retention(officer, days=10)
    assert not RetentionPolicy.objects.exists()


def test_retention_page_is_for_org_admins(client, alice, admin, make_group):
    group = make_group(alice, "Projecten")
    client.force_login(alice)
    assert client.get(reverse("compliance:retention")).status_code == 404
    client.force_login(admin)
    assert client.get(reverse("compliance:retention")).status_code == 200
    response = client.post(
        reverse("compliance:retention"), {"group": group.slug, "days": "90"}
    )
    assert response.status_code == 302
    assert RetentionPolicy.objects.get(group=group).days == 90
    response = client.post(reverse("compliance:retention"), {"days": "0"})
    assert response.status_code == 200
    assert "days" in response.context["form"].errors
