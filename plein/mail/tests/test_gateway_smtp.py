"""A real SMTP client against the running gateway on loopback.

The handler runs on the controller's own thread, so these tests use
``transactional_db``: the data must be committed for that thread to see it.
"""

import io
import smtplib
import socket
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command

from plein.mail.gateway.errors import EX_NOUSER
from plein.mail.gateway.rules import no_such_address
from plein.mail.gateway.server import build_controller
from plein.mail.tests.test_gateway import build_mail
from plein.posts.models import Post

pytestmark = pytest.mark.django_db(transaction=True)

EVERYONE = ["bob@plein.test", "carol@plein.test", "dirk@plein.test", "erik@plein.test"]
KINDS = ("open", "closed", "secret")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any) -> None:
    settings.MAIL_DOMAIN = "plein.localhost"
    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]
    settings.MAIL_MAX_BYTES = 200_000


@pytest.fixture
def people(make_person: Callable[..., Any]) -> list:
    return [
        make_person(name.split("@")[0].title(), email=name)
        for name in ["alice@plein.test", *EVERYONE]
    ]


@pytest.fixture
def gateway() -> Iterator[int]:
    port = free_port()
    controller = build_controller(host="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()
        controller.handler.close()


def test_smtp_mail_to_many_becomes_post_and_gateway_keeps_serving(
    people: list, gateway: int
) -> None:
    with smtplib.SMTP("127.0.0.1", gateway, timeout=10) as client:
        # A broken message first: refused with a 5xx, the session goes on.
        with pytest.raises(smtplib.SMTPDataError) as info:
            client.sendmail(
                "alice@plein.test", EVERYONE, b"Subject: no from\r\n\r\nhoi\r\n"
            )
        assert info.value.smtp_code == 554
        refused = client.sendmail(
            "alice@plein.test", EVERYONE, build_mail("alice@plein.test", EVERYONE)
        )
        assert refused == {}
    post = Post.objects.get()
    assert post.title == "Kwartaalcijfers"
    assert post.is_restricted


# What the server answers, "550 " and all: the same text for every case.
NO_SUCH_ADDRESS = no_such_address().smtp_reply().encode()


def _rcpt_answer(port: int, sender: str, address: str) -> tuple[int, bytes]:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.ehlo()
        client.mail(sender)
        return client.rcpt(address)


def _data_answer(port: int, sender: str, address: str, n: int) -> tuple[int, bytes]:
    raw = build_mail(sender, [address], message_id=f"<smtp-{n}@example.org>")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        try:
            client.sendmail(sender, [address], raw)
        except smtplib.SMTPDataError as error:
            return error.smtp_code, error.smtp_error
    return 250, b""


@pytest.mark.parametrize(
    "sender", ["carol@plein.test", "bob@plein.test", "stranger@example.org"]
)
def test_smtp_rcpt_answers_alike_for_a_secret_group_and_an_unknown_address(
    people: list, make_group: Callable[..., Any], gateway: int, sender: str
) -> None:
    """Whoever sends (outsider, member, stranger), RCPT tells nothing apart."""
    secret = make_group(people[0], "Overname", kind="secret", members=(people[1],))
    secret_answer = _rcpt_answer(gateway, sender, f"{secret.slug}@plein.localhost")
    unknown_answer = _rcpt_answer(gateway, sender, "overname-2@plein.localhost")
    assert secret_answer == unknown_answer
    assert secret_answer[0] == 250


def test_smtp_data_bounces_alike_for_every_group_the_sender_cannot_post_to(
    people: list, make_group: Callable[..., Any], gateway: int
) -> None:
    alice = people[0]
    groups = {kind: make_group(alice, f"Team {kind}", kind=kind) for kind in KINDS}
    answers = {
        "unknown address": _data_answer(
            gateway, "carol@plein.test", "team-x@plein.localhost", 0
        ),
        "stranger to secret": _data_answer(
            gateway,
            "stranger@example.org",
            f"{groups['secret'].slug}@plein.localhost",
            1,
        ),
    }
    for n, kind in enumerate(KINDS, start=2):
        answers[f"outsider to {kind}"] = _data_answer(
            gateway, "carol@plein.test", f"{groups[kind].slug}@plein.localhost", n
        )
    assert NO_SUCH_ADDRESS.startswith(b"550 5.1.1 ")
    assert set(answers.values()) == {(550, NO_SUCH_ADDRESS[4:])}, answers
    assert not Post.objects.exists()


def test_smtp_member_still_posts_to_a_secret_group(
    people: list, make_group: Callable[..., Any], gateway: int
) -> None:
    secret = make_group(people[0], "Overname", kind="secret", members=(people[1],))
    answer = _data_answer(
        gateway, "bob@plein.test", f"{secret.slug}@plein.localhost", 9
    )
    assert answer == (250, b"")
    assert Post.objects.get().group == secret


def test_smtp_oversized_message_refused(people: list, gateway: int) -> None:
    raw = build_mail("alice@plein.test", EVERYONE, body="x" * 300_000)
    with smtplib.SMTP("127.0.0.1", gateway, timeout=10) as client:
        with pytest.raises((smtplib.SMTPDataError, smtplib.SMTPSenderRefused)) as info:
            client.sendmail("alice@plein.test", EVERYONE, raw)
        assert info.value.smtp_code == 552
    assert not Post.objects.exists()


def test_lmtp_gateway_answers_per_recipient(
    people: list, make_group: Callable[..., Any]
) -> None:
    group = make_group(people[0], "Finance", kind="closed")
    address = f"{group.slug}@plein.localhost"
    port = free_port()
    controller = build_controller(host="127.0.0.1", port=port, lmtp=True)
    controller.start()
    try:
        with smtplib.LMTP("127.0.0.1", port) as client:
            client.sendmail(
                "alice@plein.test", [address], build_mail("alice@plein.test", [address])
            )
    finally:
        controller.stop()
        controller.handler.close()
    assert Post.objects.get().group == group


def test_mail_in_command_exit_codes(
    people: list, monkeypatch: Any, make_group: Callable[..., Any]
) -> None:
    group = make_group(people[1], "Finance", kind="closed")
    address = f"{group.slug}@plein.localhost"
    raw = build_mail("alice@plein.test", [address], body="Mag ik?")
    stdin = io.TextIOWrapper(io.BytesIO(raw))
    monkeypatch.setattr(sys, "stdin", stdin)
    stderr = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    with pytest.raises(SystemExit) as info:
        call_command("mail_in", "--recipient", address)
    assert info.value.code == EX_NOUSER
    assert stderr.getvalue().startswith("550 5.1.1")
    assert not Post.objects.exists()

    ok = build_mail("alice@plein.test", EVERYONE, message_id="<ok@plein.test>")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ok)))
    out = io.StringIO()
    call_command("mail_in", stdout=out)
    assert "posted" in out.getvalue()
    assert Post.objects.count() == 1


def test_gateway_process_flushes_every_sqlite_commit() -> None:
    # What the gateway has answered 250 to must survive a power cut.
    from django.db import connection
    from django.db.backends.signals import connection_created

    from plein.mail.gateway.server import make_commits_durable

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL flushes every commit by default")
    try:
        make_commits_durable()
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2  # FULL
        connection.close()
        connection.ensure_connection()  # a new connection gets it too
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 2
    finally:
        connection_created.disconnect(dispatch_uid="plein-mail-durable")
        connection.close()
