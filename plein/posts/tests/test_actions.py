"""Writing posts, comments and reactions through the actions."""

import pytest

from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.notifications.models import Notification
from plein.posts.actions import (
    check_bookmark_post,
    check_create_comment,
    check_create_post,
    check_edit_post,
    check_react,
    check_upload_attachment,
)
from plein.posts.models import Post, PostRevision

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_post_with_mentions_hashtags_and_language(alice, bob, make_post):
    post = make_post(alice, "Zie de nieuwe regels, @bob! #Hypotheek #compliance")
    assert post.language == "nl"
    assert sorted(h.name for h in post.hashtags.all()) == ["compliance", "hypotheek"]
    assert list(post.mentions.all()) == [bob]
    assert (
        'class="mention"' in post.body_html
        and 'href="/tags/hypotheek/"' in post.body_html
    )
    assert Notification.objects.filter(
        recipient=bob, kind="mention", post=post
    ).exists()
    english = make_post(alice, "The meeting is moved to Thursday, see you there")
    assert english.language == "en"


@pytest.mark.parametrize(
    ("body", "title", "field"),
    [
        ("", "", "body"),
        ("   ", "", "body"),
        ("x" * 50_001, "", "body"),
        ("ok", "t" * 201, "title"),
        ("ok", "a\nb", "title"),
    ],
)
def test_bad_posts_are_refused_with_the_field(alice, body, title, field):
    with pytest.raises(InvalidInput) as err:
        check_create_post(alice, body=body, title=title)
    assert err.value.field == field
    assert Post.objects.count() == 0


def test_unknown_language_is_refused(alice):
    with pytest.raises(InvalidInput) as err:
        check_create_post(alice, body="Hallo", language="de")
    assert err.value.field == "language"


def test_only_members_post_in_a_group(alice, carol, make_group):
    group = make_group(alice, "Open", "open")
    with pytest.raises(Forbidden):
        check_create_post(carol, body="Mag dit?", group=group)


def test_script_never_survives_rendering(alice, make_post):
    post = make_post(
        alice,
        "<script>alert(1)</script> [klik](javascript:alert(1)) <img src=x onerror=alert(1)>",
    )
    assert "<script" not in post.body_html
    assert 'href="javascript' not in post.body_html
    assert "<img" not in post.body_html  # raw HTML stays text


def test_edit_keeps_history_and_notifies_new_mentions(
    alice, bob, make_post, run_on_commit
):
    post = make_post(alice, "Eerste versie")
    run_on_commit(
        check_edit_post, alice, post, body="Tweede versie met @bob", title="Titel"
    )
    post.refresh_from_db()
    assert post.title == "Titel" and post.kind == Post.Kind.ARTICLE and post.edited_at
    revision = PostRevision.objects.get(post=post)
    assert revision.body == "Eerste versie"
    assert (
        Notification.objects.filter(recipient=bob, kind="mention", post=post).count()
        == 1
    )


def test_comments_replies_and_notifications(
    alice, bob, carol, make_post, run_on_commit
):
    post = make_post(alice, "Vraag aan iedereen")
    top = run_on_commit(check_create_comment, bob, post, body="Antwoord")
    reply = run_on_commit(
        check_create_comment, carol, post, body="Reactie op Bob", parent_id=top.pk
    )
    deeper = run_on_commit(
        check_create_comment, alice, post, body="Nog dieper", parent_id=reply.pk
    )
    assert reply.parent == top and deeper.parent == top  # one level of replies
    post.refresh_from_db()
    assert post.comment_count == 3
    assert Notification.objects.filter(recipient=alice, kind="reply").count() == 2
    assert Notification.objects.filter(recipient=bob, kind="reply").count() == 2
    with pytest.raises(InvalidInput) as err:
        check_create_comment(bob, post, body="x", parent_id=999_999)
    assert err.value.field == "parent_id"


def test_reactions_toggle_and_count_once(alice, bob, make_post, run_on_commit):
    post = make_post(alice, "Goed nieuws")
    assert run_on_commit(check_react, bob, post=post, kind="celebrate") is True
    assert run_on_commit(check_react, bob, post=post, kind="celebrate", on=True) is True
    post.refresh_from_db()
    assert post.reaction_count == 1
    assert Notification.objects.filter(recipient=alice, kind="reaction").count() == 1
    assert run_on_commit(check_react, bob, post=post, kind="celebrate") is False
    post.refresh_from_db()
    assert post.reaction_count == 0
    with pytest.raises(InvalidInput):
        check_react(bob, post=post, kind="angry")


def test_invisible_posts_cannot_be_touched(alice, bob, carol, make_group, make_post):
    group = make_group(alice, "Geheim", "secret", members=(bob,))
    post = make_post(alice, "Stil houden", group=group)
    with pytest.raises(NotFound):
        check_create_comment(carol, post, body="Ik ook")
    with pytest.raises(NotFound):
        check_react(carol, post=post, kind="like")
    with pytest.raises(NotFound):
        check_bookmark_post(carol, post, bookmarked=True)


def test_uploads_are_checked_by_size_type_and_content(alice, settings):
    attachment = check_upload_attachment(
        alice, filename="grafiek.png", content_type="image/png", data=PNG
    )
    assert attachment.is_image and attachment.size == len(PNG)
    with pytest.raises(InvalidInput):
        check_upload_attachment(
            alice, filename="x.png", content_type="image/png", data=b"<script>"
        )
    with pytest.raises(InvalidInput):
        check_upload_attachment(
            alice, filename="x.exe", content_type="application/x-msdownload", data=b"MZ"
        )
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(InvalidInput) as err:
        check_upload_attachment(
            alice, filename="big.png", content_type="image/png", data=PNG
        )
    assert err.value.field == "file"


def test_attachments_are_claimed_only_by_their_uploader(alice, bob, make_post):
    attachment = check_upload_attachment(
        alice, filename="a.png", content_type="image/png", data=PNG
    )
    with pytest.raises(InvalidInput):
        check_create_post(bob, body="Van mij", attachment_ids=[attachment.pk])
    post = make_post(alice, "Met bijlage", attachment_ids=[attachment.pk])
    assert list(post.attachments.all()) == [attachment]
