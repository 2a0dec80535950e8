"""The gateway rules through ``do_receive_message``, on the database."""

from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

import pytest

from plein.announcements.models import RequiredReader
from plein.mail.addresses import build_reply_address
from plein.mail.gateway.actions import do_receive_message
from plein.mail.gateway.errors import EX_NOPERM, EX_NOUSER
from plein.mail.gateway.rules import no_such_address
from plein.mail.models import InboundMessage
from plein.notifications.models import Notification
from plein.posts.models import Attachment, Comment, Post, PostAudience

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any) -> None:
    settings.MAIL_DOMAIN = "plein.localhost"
    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]
    settings.MAIL_POST_THRESHOLD = 3
    settings.MAIL_AUTHSERV_ID = "mx.plein.test"
    settings.MAIL_REQUIRE_DMARC = False


def build_mail(
    sender: str,
    to: list[str],
    *,
    cc: list[str] = (),  # type: ignore[assignment]
    subject: str = "Kwartaalcijfers",
    body: str = "Hierbij de cijfers van het kwartaal.",
    message_id: str | None = "<q3@mail.plein.test>",
    html: str | None = None,
    headers: dict[str, str] | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    msg["Subject"] = subject
    if message_id:
        msg["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return bytes(msg)


def receive(raw: bytes, run_on_commit: Callable[..., Any], **kwargs: Any) -> Any:
    return run_on_commit(do_receive_message, raw, **kwargs)


def test_mail_to_more_than_three_colleagues_becomes_restricted_post(
    team: list, admin: Any, carol: Any, run_on_commit: Callable[..., Any]
) -> None:
    alice, bob, carol, dirk = team
    raw = build_mail(
        "Alice <ALICE@plein.test>",
        ["bob@plein.test", "dirk@plein.test"],
        cc=["carol@plein.test", "admin@plein.test"],
    )
    outcome = receive(raw, run_on_commit)
    assert outcome.status == "posted"
    assert outcome.smtp_code == 250
    post = Post.objects.get(pk=outcome.post_id)
    assert post.author == alice
    assert post.title == "Kwartaalcijfers"
    assert "cijfers van het kwartaal" in post.body
    assert post.is_restricted
    audience = set(
        PostAudience.objects.filter(post=post).values_list("user", flat=True)
    )
    assert audience == {bob.pk, dirk.pk, carol.pk, admin.pk}
    readers = set(
        RequiredReader.objects.filter(announcement__post=post).values_list(
            "user", flat=True
        )
    )
    assert readers == {bob.pk, dirk.pk}
    # Cc: following the conversation, not required to confirm.
    followers = set(post.followers.values_list("user_id", flat=True))
    assert followers == {carol.pk, admin.pk}
    confirmation = Notification.objects.get(recipient=alice, kind="mail_posted")
    assert confirmation.post_id == post.pk
    assert confirmation.wants_email is True
    record = InboundMessage.objects.get(message_id="q3@mail.plein.test")
    assert record.outcome == "posted"
    assert record.internal_recipient_count == 4
    assert record.recipient_count == 4


def test_mail_to_three_colleagues_is_left_alone(
    team: list, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail(
        "alice@plein.test", ["bob@plein.test", "carol@plein.test", "dirk@plein.test"]
    )
    outcome = receive(raw, run_on_commit)
    assert outcome.status == "ignored"
    assert outcome.smtp_code == 250
    assert not Post.objects.exists()


def test_external_recipients_do_not_count(
    team: list, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "x@example.com", "y@example.com"],
    )
    assert receive(raw, run_on_commit).status == "ignored"


def test_same_message_id_twice_gives_one_post(
    team: list, admin: Any, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"],
    )
    first = receive(raw, run_on_commit)
    second = receive(raw, run_on_commit)
    assert second.is_duplicate
    assert second.post_id == first.post_id
    assert Post.objects.count() == 1


def test_mail_without_message_id_is_keyed_by_its_bytes(
    team: list, admin: Any, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "x@plein.test"],
        cc=["admin@plein.test"],
        message_id=None,
    )
    first = receive(raw, run_on_commit)
    assert first.message_id.startswith("sha256:")
    assert receive(raw, run_on_commit).is_duplicate
    assert Post.objects.count() == 1


def test_unknown_sender_is_refused_with_nouser(
    team: list, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail(
        "stranger@plein.test",
        ["alice@plein.test", "bob@plein.test", "carol@plein.test", "dirk@plein.test"],
    )
    outcome = receive(raw, run_on_commit)
    assert outcome.smtp_code == 550
    assert outcome.exit_code == EX_NOUSER
    assert outcome.reason.startswith("550 5.1.1")
    assert not Post.objects.exists()
    assert InboundMessage.objects.get().outcome == "rejected"


def test_deactivated_sender_is_refused(
    team: list, admin: Any, run_on_commit: Callable[..., Any]
) -> None:
    from plein.people.actions import do_deactivate_person

    alice = team[0]
    do_deactivate_person(alice)
    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"],
    )
    assert receive(raw, run_on_commit).exit_code == EX_NOUSER


def test_html_mail_becomes_markdown_without_scripts(
    team: list, admin: Any, run_on_commit: Callable[..., Any]
) -> None:
    html = (
        "<html><head><style>p{color:red}</style></head><body>"
        "<p>Beste <b>collega's</b>,</p><ul><li>punt een</li><li>punt twee</li></ul>"
        "<script>alert(1)</script><p><a href='https://plein.test/x'>link</a></p>"
        "</body></html>"
    )
    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"],
        html=html,
    )
    post = Post.objects.get(pk=receive(raw, run_on_commit).post_id)
    assert "**collega's**" in post.body
    assert "- punt een" in post.body
    assert "[link](https://plein.test/x)" in post.body
    assert "alert" not in post.body
    assert "color" not in post.body


def test_attachments_are_kept_and_refused_types_named(
    team: list, admin: Any, run_on_commit: Callable[..., Any]
) -> None:
    from email import message_from_bytes, policy

    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"],
    )
    msg = message_from_bytes(raw, policy=policy.default)
    msg.add_attachment(PNG, maintype="image", subtype="png", filename="grafiek.png")
    msg.add_attachment(
        b"MZ\x90\x00", maintype="application", subtype="x-msdownload", filename="a.exe"
    )
    outcome = receive(bytes(msg), run_on_commit)
    assert outcome.status == "posted"
    assert outcome.refused_attachments == ["a.exe"]
    assert "a.exe" in outcome.smtp_reply()
    attachment = Attachment.objects.get(post_id=outcome.post_id)
    assert attachment.filename == "grafiek.png"
    assert "a.exe" in InboundMessage.objects.get().reason


def test_reply_by_email_becomes_comment_without_quotes_or_signature(
    alice: Any,
    bob: Any,
    make_post: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:
    post = make_post(alice, "Wie gaat er mee lunchen?")
    address = build_reply_address(bob.pk, post.pk)
    body = (
        "Ik ga mee!\n\nTot straks.\n\n"
        "On Mon, 23 Nov 2026 at 12:00, Alice de Vries <alice@plein.test>\nwrote:\n"
        "> Wie gaat er mee lunchen?\n"
        "\n-- \nBob Jansen\nAfdeling Financien\n"
    )
    raw = build_mail("Bob <BOB@plein.test>", [address], subject="Re: lunch", body=body)
    outcome = receive(raw, run_on_commit, envelope_recipients=[address])
    assert outcome.status == "commented"
    comment = Comment.objects.get(pk=outcome.comment_id)
    assert comment.author == bob
    assert comment.post == post
    assert comment.body == "Ik ga mee!\n\nTot straks."


def test_reply_to_a_comment_threads_under_it(
    alice: Any,
    bob: Any,
    make_post: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:
    from plein.posts.actions import check_create_comment

    post = make_post(alice, "Vraag")
    parent = run_on_commit(check_create_comment, alice, post, body="Nog iemand?")
    address = build_reply_address(bob.pk, post.pk, parent.pk)
    body = (
        "Ja, ik.\n\nVan: Alice de Vries\nVerzonden: maandag 23 november 2026 12:00\n"
        "Aan: Bob\nOnderwerp: Vraag\n\nNog iemand?\n"
    )
    raw = build_mail("bob@plein.test", [address], body=body)
    comment = Comment.objects.get(pk=receive(raw, run_on_commit).comment_id)
    assert comment.parent == parent
    assert comment.body == "Ja, ik."


def test_reply_address_used_by_someone_else_is_refused(
    alice: Any, bob: Any, carol: Any, make_post: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:  # fmt: skip
    post = make_post(alice, "Hallo")
    address = build_reply_address(bob.pk, post.pk)
    raw = build_mail("carol@plein.test", [address], body="Ik ben Bob niet.")
    outcome = receive(raw, run_on_commit, envelope_recipients=[address])
    assert outcome.exit_code == EX_NOPERM
    assert not Comment.objects.exists()


def test_forged_reply_address_is_unknown(
    alice: Any,
    bob: Any,
    make_post: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:
    post = make_post(alice, "Hallo")
    address = build_reply_address(bob.pk, post.pk).replace("r-", "r-1", 1)
    raw = build_mail("bob@plein.test", [address], body="Hoi")
    outcome = receive(raw, run_on_commit, envelope_recipients=[address])
    assert outcome.exit_code == EX_NOUSER


def test_group_address_post_by_member(
    alice: Any, bob: Any, make_group: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:  # fmt: skip
    group = make_group(alice, "Finance", kind="closed", members=(bob,))
    address = f"{group.slug}@plein.localhost"
    raw = build_mail("bob@plein.test", [address], subject="Budget", body="Zie bijlage")
    outcome = receive(raw, run_on_commit, envelope_recipients=[address])
    assert outcome.status == "group_post"
    post = Post.objects.get(pk=outcome.post_id)
    assert post.group == group
    assert post.title == "Budget"


# The one bounce for an address that is no group the sender may post to.
NO_SUCH_ADDRESS = no_such_address().smtp_reply()


def test_group_address_post_by_outsider_is_refused(
    alice: Any, carol: Any, make_group: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:  # fmt: skip
    group = make_group(alice, "Finance", kind="closed")
    address = f"{group.slug}@plein.localhost"
    raw = build_mail("carol@plein.test", [address], body="Mag ik?")
    outcome = receive(raw, run_on_commit, envelope_recipients=[address])
    # The same words as for an address that does not exist.
    assert outcome.exit_code == EX_NOUSER
    assert outcome.reason == NO_SUCH_ADDRESS
    assert not Post.objects.exists()


def test_unknown_group_address_is_refused(
    alice: Any, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail("alice@plein.test", ["nobody@plein.localhost"], body="Hoi")
    outcome = receive(
        raw, run_on_commit, envelope_recipients=["nobody@plein.localhost"]
    )
    assert outcome.exit_code == EX_NOUSER
    assert outcome.reason == NO_SUCH_ADDRESS


@pytest.mark.parametrize(
    ("sender", "kind"),
    [
        ("carol@plein.test", "secret"),  # a colleague outside the group
        ("carol@plein.test", "closed"),
        ("stranger@example.org", "secret"),  # not a person at all
        ("stranger@example.org", "open"),
        ("gast@plein.test", "open"),  # an external guest, not in the group
    ],
)
def test_group_address_bounce_is_the_bounce_of_an_unknown_address(
    alice: Any, carol: Any, make_person: Callable[..., Any],
    make_group: Callable[..., Any], run_on_commit: Callable[..., Any],
    sender: str, kind: str,
) -> None:  # fmt: skip
    """Nothing in the bounce says whether a group behind the address exists."""
    from plein.access.roles import Role

    make_person("Gerda Gast", email="gast@plein.test", role=Role.GUEST)
    group = make_group(alice, "Overname", kind=kind)
    outcomes = {}
    for name, address in (
        ("group", f"{group.slug}@plein.localhost"),
        ("unknown", "overname-2@plein.localhost"),
    ):
        raw = build_mail(sender, [address], message_id=f"<{name}@example.org>")
        outcomes[name] = receive(raw, run_on_commit, envelope_recipients=[address])
    assert outcomes["group"].reason == outcomes["unknown"].reason == NO_SUCH_ADDRESS
    assert outcomes["group"].exit_code == outcomes["unknown"].exit_code
    assert not Post.objects.exists()


def test_unusable_group_address_with_many_colleagues_is_like_an_unknown_one(
    team: list, make_group: Callable[..., Any], make_person: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:  # fmt: skip
    """Mail to a secret group (not the sender's) and colleagues: rule 4, as for a typo."""
    owner = make_person("Olga Owner", email="olga@plein.test")
    secret = make_group(owner, "Reorganisatie", kind="secret")
    colleagues = [p.email for p in team[1:]] + ["olga@plein.test"]
    outcomes = []
    for n, group_address in enumerate(
        [f"{secret.slug}@plein.localhost", "no-such-group@plein.localhost"]
    ):
        raw = build_mail(
            "alice@plein.test",
            [group_address, *colleagues],
            message_id=f"<many-{n}@plein.test>",
        )
        outcomes.append(receive(raw, run_on_commit))
    assert [o.status for o in outcomes] == ["posted", "posted"]
    assert not Post.objects.filter(group=secret).exists()


def test_reply_all_to_a_mail_post_becomes_comment(
    team: list, admin: Any, run_on_commit: Callable[..., Any]
) -> None:
    everyone = [
        "bob@plein.test",
        "carol@plein.test",
        "dirk@plein.test",
        "admin@plein.test",
    ]
    first = receive(build_mail("alice@plein.test", everyone), run_on_commit)
    reply = build_mail(
        "bob@plein.test",
        ["alice@plein.test", *everyone[1:]],
        subject="Re: Kwartaalcijfers",
        body="Dank je!\n\n> Hierbij de cijfers van het kwartaal.\n",
        message_id="<re1@mail.plein.test>",
        headers={"In-Reply-To": "<q3@mail.plein.test>"},
    )
    outcome = receive(reply, run_on_commit)
    assert outcome.status == "commented"
    comment = Comment.objects.get(pk=outcome.comment_id)
    assert comment.post_id == first.post_id
    assert comment.body == "Dank je!"
    assert Post.objects.count() == 1


def test_spoofed_from_is_refused_when_dmarc_required(
    team: list, admin: Any, settings: Any, run_on_commit: Callable[..., Any]
) -> None:
    settings.MAIL_REQUIRE_DMARC = True
    everyone = [
        "bob@plein.test",
        "carol@plein.test",
        "dirk@plein.test",
        "admin@plein.test",
    ]
    forged = build_mail(
        "alice@plein.test",
        everyone,
        headers={
            # Written by the forger, not by our server: not trusted.
            "Authentication-Results": "evil.example; dmarc=pass header.from=plein.test"
        },
    )
    outcome = receive(forged, run_on_commit)
    assert outcome.exit_code == EX_NOPERM
    assert not Post.objects.exists()
    failed = build_mail(
        "alice@plein.test",
        everyone,
        message_id="<q4@mail.plein.test>",
        headers={
            "Authentication-Results": "mx.plein.test; dmarc=fail header.from=plein.test"
        },
    )
    assert receive(failed, run_on_commit).exit_code == EX_NOPERM
    good = build_mail(
        "alice@plein.test",
        everyone,
        message_id="<q5@mail.plein.test>",
        headers={
            "Authentication-Results": "mx.plein.test; dmarc=pass header.from=plein.test"
        },
    )
    assert receive(good, run_on_commit).status == "posted"


def test_trusted_dmarc_fail_is_refused_even_when_not_required(
    team: list, admin: Any, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"],
        headers={"Authentication-Results": "mx.plein.test; dmarc=fail"},
    )
    assert receive(raw, run_on_commit).exit_code == EX_NOPERM


def test_failure_halfway_leaves_nothing_behind(
    team: list, admin: Any, monkeypatch: Any, run_on_commit: Callable[..., Any]
) -> None:
    from plein.core.errors import InvalidInput

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise InvalidInput("These people cannot see the post.")

    monkeypatch.setattr("plein.announcements.actions.do_require_readers", refuse)
    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"],
    )
    outcome = receive(raw, run_on_commit)
    assert outcome.smtp_code == 554
    assert not Post.objects.exists()
    assert not PostAudience.objects.exists()
    assert not Notification.objects.filter(kind="mail_posted").exists()
    assert InboundMessage.objects.get().outcome == "rejected"
    # Fixed, the same mail goes through on the next try.
    monkeypatch.undo()
    assert receive(raw, run_on_commit).status == "posted"


def test_too_many_recipients_is_refused(
    alice: Any, settings: Any, run_on_commit: Callable[..., Any]
) -> None:
    settings.MAIL_MAX_RECIPIENTS = 10
    raw = build_mail("alice@plein.test", [f"p{i}@plein.test" for i in range(11)])
    assert receive(raw, run_on_commit).smtp_code == 550


def test_over_size_limit_is_refused_before_parsing(
    alice: Any, settings: Any, run_on_commit: Callable[..., Any]
) -> None:
    settings.MAIL_MAX_BYTES = 1000
    raw = build_mail("alice@plein.test", ["bob@plein.test"], body="x" * 2000)
    outcome = receive(raw, run_on_commit)
    assert outcome.smtp_code == 552


def test_sender_can_open_the_post_to_everyone_with_a_subject_tag(
    team: list, make_person: Callable[..., Any], run_on_commit: Callable[..., Any]
) -> None:
    from plein.access.posts import can_view_post
    from plein.feed.models import InboxEntry

    bob = team[1]
    outsider = make_person("Olga Buiten", email="olga@plein.test")
    raw = build_mail(
        "alice@plein.test",
        ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "admin@plein.test"],
        subject="[Openbaar] Nieuwe huisstijl",
        message_id="<open@mail.plein.test>",
    )
    make_person("Ada Admin", email="admin@plein.test")
    outcome = receive(raw, run_on_commit)
    post = Post.objects.get(pk=outcome.post_id)
    assert post.title == "Nieuwe huisstijl"
    assert not post.is_restricted
    assert can_view_post(outsider, post)
    # Addressed people still get it in their feed, restricted or not.
    assert InboxEntry.objects.filter(post=post, user=bob).exists()
    assert not InboxEntry.objects.filter(post=post, user=outsider).exists()


def test_a_sender_over_the_rate_is_deferred_not_refused(
    team: list,
    make_person: Callable[..., Any],
    run_on_commit: Callable[..., Any],
    settings: Any,
) -> None:
    from plein.mail.gateway.actions import _sender_counts

    make_person("Erik Eek", email="erik@plein.test")
    settings.MAIL_MAX_PER_SENDER_PER_HOUR = 2
    _sender_counts.clear()
    to = [p.email for p in team[1:]] + ["erik@plein.test"]
    outcomes = [
        receive(
            build_mail("alice@plein.test", to, message_id=f"<r{i}@mail.plein.test>"),
            run_on_commit,
        )
        for i in range(3)
    ]
    _sender_counts.clear()
    assert [o.smtp_code for o in outcomes] == [250, 250, 451]
    assert outcomes[2].reason.startswith("451 4.7.1")
    # Deferred, not refused: nothing recorded, and the retry goes through.
    assert not InboundMessage.objects.filter(message_id="<r2@mail.plein.test>").exists()
    retry = receive(
        build_mail("alice@plein.test", to, message_id="<r2@mail.plein.test>"),
        run_on_commit,
    )
    assert retry.smtp_code == 250
    assert Post.objects.count() == 3
