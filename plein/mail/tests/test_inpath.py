"""Plein in the mail path: the content filter between a client and delivery.

The filter runs on loopback as Postfix would call it; the server it hands
mail back to is a real SMTP server on loopback that keeps what it receives
(in production, Postfix's second smtpd). The same flows against a real
Postfix are in test_postfix_inpath.py.
"""

import smtplib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

from plein.governance.dlp.tests.conftest import BSN_TEXT
from plein.mail.gateway.server import build_controller
from plein.mail.models import InboundMessage, SentMail
from plein.mail.tests.test_gateway import build_mail
from plein.mail.tests.test_gateway_smtp import free_port
from plein.posts.models import Post

pytestmark = pytest.mark.django_db(transaction=True)

COLLEAGUES = [
    "bob@plein.test",
    "carol@plein.test",
    "dirk@plein.test",
    "erik@plein.test",
]
EXTERNAL = "klant@partner.example"
UNKNOWN = "nobody.here@plein.test"


@dataclass
class Delivered:
    """What the downstream server received: (envelope recipients, bytes)."""

    messages: list[tuple[list[str], bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    refuse: set[str] = field(default_factory=set)

    def copies_for(self, address: str) -> int:
        return sum(address in rcpts for rcpts, _raw in self.messages)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, _o: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        with self.lock:
            self.messages.append(
                (list(envelope.rcpt_tos), bytes(envelope.original_content or b""))
            )
        return "250 OK kept"


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any) -> None:
    settings.MAIL_DOMAIN = "plein.localhost"
    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]


@pytest.fixture
def people(make_person: Any) -> list:
    return [
        make_person(a.split("@")[0].title(), email=a)
        for a in ["alice@plein.test", *COLLEAGUES, "frank@plein.test"]
    ]


@dataclass
class Path:
    filter_port: int
    downstream_port: int
    delivered: Delivered
    downstream: Controller | None = None

    def start_downstream(self) -> None:
        self.downstream = Controller(
            self.delivered,
            hostname="127.0.0.1",
            port=self.downstream_port,
            decode_data=False,
        )
        self.downstream.start()

    def stop_downstream(self) -> None:
        if self.downstream is not None:
            self.downstream.stop()
            self.downstream = None

    def send(self, sender: str, recipients: list[str], raw: bytes) -> dict:
        with smtplib.SMTP("127.0.0.1", self.filter_port, timeout=20) as client:
            return client.sendmail(sender, recipients, raw)


@pytest.fixture
def path() -> Iterator[Path]:
    mail_path = Path(free_port(), free_port(), Delivered())
    mail_path.start_downstream()
    controller = build_controller(
        host="127.0.0.1",
        port=mail_path.filter_port,
        reinject=("127.0.0.1", mail_path.downstream_port),
    )
    controller.start()
    try:
        yield mail_path
    finally:
        controller.stop()
        controller.handler.close()
        mail_path.stop_downstream()


def test_converted_colleagues_get_no_copy_everyone_else_gets_it_unchanged(
    people: list, path: Path
) -> None:
    bcc = "frank@plein.test"
    to = COLLEAGUES
    raw = build_mail("alice@plein.test", [*to, EXTERNAL], cc=[UNKNOWN]).replace(
        b"\n", b"\r\n"
    )
    path.send("alice@plein.test", [*to, EXTERNAL, UNKNOWN, bcc], raw)

    post = Post.objects.get()
    readers = {r.user.email for r in post.announcement.readers.select_related("user")}
    assert readers == set(to)
    # One copy each for the outside client, the address without an account
    # and the Bcc colleague (not part of the conversation): byte for byte.
    assert [sorted(r) for r, _raw in path.delivered.messages] == [
        sorted([EXTERNAL, UNKNOWN, bcc])
    ]
    assert path.delivered.messages[0][1] == raw
    for colleague in to:
        assert path.delivered.copies_for(colleague) == 0


def test_ordinary_mail_and_mail_from_outside_pass_through_untouched(
    people: list, path: Path
) -> None:
    two = COLLEAGUES[:2]
    path.send("alice@plein.test", two, build_mail("alice@plein.test", two))
    outside = build_mail(EXTERNAL, COLLEAGUES, message_id="<o@partner.example>")
    path.send(EXTERNAL, COLLEAGUES, outside)

    assert not Post.objects.exists()
    assert [sorted(r) for r, _raw in path.delivered.messages] == [
        sorted(two),
        sorted(COLLEAGUES),
    ]


def test_a_repeated_delivery_reaches_nobody_twice(people: list, path: Path) -> None:
    raw = build_mail("alice@plein.test", [*COLLEAGUES, EXTERNAL])
    path.send("alice@plein.test", [*COLLEAGUES, EXTERNAL], raw)
    # Postfix did not hear the answer and hands the same message over again.
    path.send("alice@plein.test", [*COLLEAGUES, EXTERNAL], raw)

    assert Post.objects.count() == 1
    assert path.delivered.copies_for(EXTERNAL) == 1
    # The report counts each colleague's removed copy once.
    assert InboundMessage.objects.get().removed_deliveries == 4


def test_when_the_mail_cannot_be_handed_back_postfix_keeps_it_and_retries(
    people: list, path: Path
) -> None:
    raw = build_mail("alice@plein.test", [*COLLEAGUES, EXTERNAL])
    path.stop_downstream()
    with pytest.raises(smtplib.SMTPDataError) as info:
        path.send("alice@plein.test", [*COLLEAGUES, EXTERNAL], raw)
    assert info.value.smtp_code == 451  # kept in Postfix's queue

    path.start_downstream()
    path.send("alice@plein.test", [*COLLEAGUES, EXTERNAL], raw)
    assert Post.objects.count() == 1
    assert [r for r, _raw in path.delivered.messages] == [[EXTERNAL]]


def test_a_refused_post_is_delivered_as_mail_and_the_sender_hears_why(
    people: list, path: Path, mailoutbox: list
) -> None:
    raw = build_mail("alice@plein.test", COLLEAGUES, body=BSN_TEXT)
    path.send("alice@plein.test", COLLEAGUES, raw)

    assert not Post.objects.exists()
    assert [sorted(r) for r, _raw in path.delivered.messages] == [sorted(COLLEAGUES)]
    [notice] = mailoutbox
    assert notice.to == ["alice@plein.test"]
    assert "BSN" in notice.body
    assert SentMail.objects.get().kind == SentMail.Kind.CONFIRMATION
    # Postfix repeating the delivery tells her nothing new.
    path.send("alice@plein.test", COLLEAGUES, raw)
    assert len(mailoutbox) == 1


def test_over_the_sender_limit_the_mail_goes_through_unchanged(
    people: list, path: Path, settings: Any
) -> None:
    from plein.mail.gateway.actions import _sender_counts

    _sender_counts.clear()  # counted in this process's memory
    settings.MAIL_MAX_PER_SENDER_PER_HOUR = 1
    first = build_mail("alice@plein.test", COLLEAGUES, message_id="<1@plein.test>")
    second = build_mail("alice@plein.test", COLLEAGUES, message_id="<2@plein.test>")
    path.send("alice@plein.test", COLLEAGUES, first)
    path.send("alice@plein.test", COLLEAGUES, second)

    assert Post.objects.count() == 1
    assert [sorted(r) for r, _raw in path.delivered.messages] == [sorted(COLLEAGUES)]


def test_automatic_replies_never_become_posts(people: list, path: Path) -> None:
    raw = build_mail(
        "alice@plein.test",
        COLLEAGUES,
        subject="Afwezig: Kwartaalcijfers",
        headers={"Auto-Submitted": "auto-replied"},
    )
    path.send("alice@plein.test", COLLEAGUES, raw)
    assert not Post.objects.exists()
    # Not the organisation's mail: not counted in the report either.
    assert not InboundMessage.objects.exists()
    assert path.delivered.copies_for("bob@plein.test") == 1


def test_lmtp_answers_per_recipient(people: list, path: Path) -> None:
    port = free_port()
    path.delivered.refuse = {"gone@partner.example"}
    controller = build_controller(
        host="127.0.0.1",
        port=port,
        lmtp=True,
        reinject=("127.0.0.1", path.downstream_port),
    )
    controller.start()
    recipients = [*COLLEAGUES, EXTERNAL, "gone@partner.example"]
    raw = build_mail("alice@plein.test", recipients)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            stream = sock.makefile("rwb")

            def say(line: str) -> None:
                stream.write(line.encode() + b"\r\n")
                stream.flush()

            def answer() -> str:
                lines = []
                while True:
                    line = stream.readline().decode().rstrip("\r\n")
                    lines.append(line)
                    if line[3:4] != "-":
                        return "\n".join(lines)

            answer()  # greeting
            say("LHLO postfix.test")
            answer()
            say("MAIL FROM:<alice@plein.test>")
            answer()
            for rcpt in recipients:
                say(f"RCPT TO:<{rcpt}>")
                answer()
            say("DATA")
            answer()
            stream.write(raw.replace(b"\n", b"\r\n") + b".\r\n")
            stream.flush()
            replies = [answer() for _ in recipients]
    finally:
        controller.stop()
        controller.handler.close()
    assert [r[:3] for r in replies] == ["250"] * 5 + ["550"]
    assert "Plein" in replies[0]


def test_a_mail_postfix_splits_over_two_deliveries_is_one_post(
    people: list, path: Path
) -> None:
    # Postfix hands a mail to many over in parts (a recipient limit per
    # delivery): the same message, each time with part of the envelope.
    raw = build_mail("alice@plein.test", [*COLLEAGUES, EXTERNAL])
    path.send("alice@plein.test", [*COLLEAGUES[:2], EXTERNAL], raw)
    path.send("alice@plein.test", COLLEAGUES[2:], raw)

    post = Post.objects.get()
    assert post.announcement.readers.count() == 4
    assert [r for r, _raw in path.delivered.messages] == [[EXTERNAL]]


def test_a_colleague_who_left_is_handed_the_mail_not_the_post(
    people: list, path: Path
) -> None:
    from plein.people.actions import do_deactivate_person

    dirk = next(p for p in people if p.email == "dirk@plein.test")
    do_deactivate_person(dirk)
    everyone = [*COLLEAGUES, "frank@plein.test"]
    path.send("alice@plein.test", everyone, build_mail("alice@plein.test", everyone))

    post = Post.objects.get()
    readers = set(post.announcement.readers.values_list("user__email", flat=True))
    assert "dirk@plein.test" not in readers
    # Plein has no reader for him: his mailbox is the mail server's business.
    assert [r for r, _raw in path.delivered.messages] == [["dirk@plein.test"]]


def test_a_reply_from_outside_to_a_converted_thread_stays_mail(
    people: list, path: Path
) -> None:
    raw = build_mail("alice@plein.test", [*COLLEAGUES, EXTERNAL])
    path.send("alice@plein.test", [*COLLEAGUES, EXTERNAL], raw)
    # The client answers everyone: an outside sender is never a comment.
    reply = build_mail(
        EXTERNAL,
        ["alice@plein.test", *COLLEAGUES],
        subject="RE: Kwartaalcijfers",
        message_id="<re@partner.example>",
        headers={"In-Reply-To": "<q3@mail.plein.test>"},
    )
    path.send(EXTERNAL, ["alice@plein.test", *COLLEAGUES], reply)
    assert not Post.objects.get().comments.exists()
    assert path.delivered.copies_for("bob@plein.test") == 1


def test_remembered_hand_backs_are_forgotten_after_a_week(
    people: list, path: Path
) -> None:
    import time_machine
    from django.utils import timezone

    from plein.mail.models import Reinjection
    from plein.mail.tasks import prune_reinjections

    raw = build_mail("alice@plein.test", [*COLLEAGUES, EXTERNAL])
    path.send("alice@plein.test", [*COLLEAGUES, EXTERNAL], raw)
    assert Reinjection.objects.exists()
    with time_machine.travel(timezone.now() + timedelta(days=6)):
        assert prune_reinjections.call() == 0
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert prune_reinjections.call() > 0
    assert not Reinjection.objects.exists()


def test_a_post_held_for_review_leaves_everyone_their_mail(
    people: list, path: Path
) -> None:
    from plein.governance.dlp.tests.conftest import IBAN_TEXT

    raw = build_mail("alice@plein.test", COLLEAGUES, body=IBAN_TEXT)
    path.send("alice@plein.test", COLLEAGUES, raw)

    post = Post.objects.get()
    assert post.withheld_at is not None  # a moderator looks first
    # Nobody can read it in Plein yet, so nobody loses their copy.
    assert [sorted(r) for r, _raw in path.delivered.messages] == [sorted(COLLEAGUES)]
    assert InboundMessage.objects.get().removed_deliveries == 0
