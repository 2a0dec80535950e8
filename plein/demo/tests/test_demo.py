"""The demo organisation loads once, completely, and respects visibility."""

import io

import pytest
from django.core.management import call_command

from plein.access.roles import GroupKind, Role
from plein.feed.models import InboxEntry
from plein.feed.queries import get_feed_page
from plein.groups.models import Group
from plein.people.models import Follow, User
from plein.posts.models import Comment, Post, Reaction


@pytest.mark.django_db
def test_demo_loads_once_with_a_lived_in_organisation() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "plein-demo" in out.getvalue()
    assert "anna@zuiderhaven.example" in out.getvalue()

    assert 55 <= User.objects.count() <= 65
    assert User.objects.get(email="admin@zuiderhaven.example").role == Role.ADMIN
    assert (
        User.objects.get(email="moderator@zuiderhaven.example").role == Role.MODERATOR
    )
    anna = User.objects.get(email="anna@zuiderhaven.example")
    assert anna.handle == "anna"
    assert anna.role == Role.MEMBER
    assert anna.check_password("plein-demo")
    # Everyone has a manager but the CEO and the alumni (who left).
    colleagues = User.objects.exclude(role=Role.ALUMNI)
    ceo = colleagues.get(manager__isnull=True)
    assert ceo.reports.count() >= 7
    assert colleagues.filter(manager__isnull=False).count() == colleagues.count() - 1
    assert User.objects.filter(role=Role.ALUMNI, manager__isnull=False).count() == 0

    # 14 and the account team of a client watch (plein/listening/watches/demo.py).
    assert 10 <= Group.objects.count() <= 15
    secret = Group.objects.get(kind=GroupKind.SECRET)
    assert Group.objects.filter(kind=GroupKind.CLOSED).exists()
    assert Post.objects.count() >= 350
    assert set(Post.objects.values_list("language", flat=True)) == {"nl", "en"}
    assert (
        Post.objects.filter(language="nl").count()
        > Post.objects.filter(language="en").count()
    )
    assert Post.objects.exclude(title="").count() >= 5
    assert Post.objects.filter(hashtags__name="hypotheek").exists()
    assert Post.objects.filter(mentions__isnull=False).exists()
    assert Comment.objects.count() >= 300
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Reaction.objects.count() >= 300
    assert Follow.objects.count() >= 200
    # Every post reached its author's inbox: the fan-out ran synchronously.
    # (An alumnus left their groups, and those posts left their feed.)
    by_colleagues = Post.objects.exclude(author__role=Role.ALUMNI)
    assert (
        InboxEntry.objects.filter(reason=1, post__in=by_colleagues).count()
        == by_colleagues.count()
    )

    # Anna is not in the secret group: none of its posts reach her feed.
    assert not secret.memberships.filter(user=anna).exists()
    assert Post.objects.filter(group=secret).exists()
    assert not InboxEntry.objects.filter(user=anna, post__group=secret).exists()
    page = get_feed_page(anna, limit=100)
    assert page.entries
    assert secret.pk not in {e["post__group_id"] for e in page.entries}

    counts = (
        User.objects.count(),
        Post.objects.count(),
        Comment.objects.count(),
        Reaction.objects.count(),
    )
    again = io.StringIO()
    call_command("demo", stdout=again)
    assert "already present" in again.getvalue()
    assert counts == (
        User.objects.count(),
        Post.objects.count(),
        Comment.objects.count(),
        Reaction.objects.count(),
    )


@pytest.mark.django_db
def test_a_mail_to_five_demo_colleagues_becomes_a_post(settings, run_on_commit) -> None:
    # The README's "try it": nothing to configure, the demo's domain is internal.
    from email.message import EmailMessage

    from plein.mail.gateway.actions import do_receive_message

    settings.GUIDELINES_REQUIRED = True  # as in a real installation
    call_command("demo", stdout=io.StringIO())
    msg = EmailMessage()
    msg["From"] = "anna@zuiderhaven.example"
    msg["To"] = ", ".join(
        f"{local}@zuiderhaven.example"
        for local in ("robert.jansen", "admin", "moderator", "frank.deboer", "iris.vos")
    )
    msg["Subject"] = "Lunch vrijdag"
    msg["Message-ID"] = "<lunch@zuiderhaven.example>"
    msg.set_content("Wie gaat er mee lunchen?")

    outcome = run_on_commit(do_receive_message, bytes(msg))

    assert outcome.status == "posted", outcome.reason
    post = Post.objects.get(pk=outcome.post_id)
    assert post.title == "Lunch vrijdag"
    assert post.author.email == "anna@zuiderhaven.example"
