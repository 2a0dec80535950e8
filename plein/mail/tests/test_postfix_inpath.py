"""Plein in the mail path of a real Postfix (scripts/postfix-lab).

A private Postfix on loopback hands every message over LMTP to Plein's
content filter, which re-injects it into Postfix's second smtpd for the
recipients who still need it; Postfix delivers into maildirs under the
lab's directory, external addresses included (nothing leaves the
machine). The same flows without Postfix are in test_inpath.py.

Skipped when Postfix is not installed (scripts/postfix-lab install) or
not run as root, unless PLEIN_REQUIRE_POSTFIX=1, as in CI.
"""

import json
import os
import shutil
import smtplib
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest

from plein.mail.gateway.server import build_controller
from plein.mail.tests.test_gateway import build_mail
from plein.mail.tests.test_gateway_smtp import free_port
from plein.posts.models import Post

pytestmark = pytest.mark.django_db(transaction=True)

LAB = Path(__file__).resolve().parents[3] / "scripts" / "postfix-lab"
COLLEAGUES = [
    "bob@plein.test",
    "carol@plein.test",
    "dirk@plein.test",
    "erik@plein.test",
]
EXTERNAL = "someone@partner.example"
UNKNOWN = "nobody.unknown@plein.test"
# Every wait is bounded: a message takes well under a second through
# Postfix and Plein; a deferred one is retried within a few seconds.
WAIT_SECONDS = 20


def _lab(command: str, directory: Path, *options: str) -> str:
    done = subprocess.run(  # noqa: S603 - our own script, our own arguments
        [str(LAB), command, str(directory), *options],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"postfix-lab {command}: {done.stderr}"
    return done.stdout


def _free_ports(n: int) -> list[int]:
    ports: set[int] = set()
    while len(ports) < n:
        ports.add(free_port())
    return sorted(ports)


def _why_no_postfix() -> str | None:
    if not Path("/usr/sbin/postfix").exists():
        return "Postfix is not installed (scripts/postfix-lab install)"
    if os.geteuid() != 0:
        return "the Postfix lab starts a mail system: run as root"
    return None


@dataclass
class Lab:
    """A running scripts/postfix-lab instance and its ports."""

    dir: Path
    smtp_port: int
    filter_port: int
    reinject_port: int

    def flush(self) -> None:
        _lab("flush", self.dir)

    def queue(self) -> list[dict[str, Any]]:
        """Postfix's queue, one dict a message (postqueue -j)."""
        return [json.loads(line) for line in _lab("queue", self.dir).splitlines()]

    def mailbox(self, address: str) -> list[bytes]:
        """The messages delivered to ``address``, as Postfix wrote them."""
        new = self.dir / "mailboxes" / address.lower() / "new"
        if not new.is_dir():
            return []
        return [path.read_bytes() for path in sorted(new.iterdir())]

    def copies(self, address: str, message_id: str) -> list[bytes]:
        return [
            m for m in self.mailbox(address) if _header(m, "Message-ID") == message_id
        ]

    def bounces(self, address: str) -> list[bytes]:
        """Delivery reports to ``address``: mail with the null sender."""
        return [m for m in self.mailbox(address) if _header(m, "Return-Path") == "<>"]

    def send(self, sender: str, recipients: list[str], raw: bytes) -> None:
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as client:
            assert client.sendmail(sender, recipients, raw) == {}

    def wait_until(self, done: Callable[[], bool], what: str) -> None:
        """Poll until ``done()``, flushing the queue now and then."""
        deadline = time.monotonic() + WAIT_SECONDS
        next_flush = time.monotonic() + 3
        while not done():
            now = time.monotonic()
            assert now < deadline, f"{what}: not within {WAIT_SECONDS} s"
            if now >= next_flush:
                # A destination that refused a moment ago is retried now.
                self.flush()
                next_flush = now + 3
            time.sleep(0.1)

    def wait_delivered(self, message_id: str, addresses: list[str]) -> None:
        """Wait until each address has the message and the queue is empty.

        With the queue empty, Postfix has nothing left to deliver: an
        address without a copy now will not get one later.
        """
        self.wait_until(
            lambda: (
                all(self.copies(a, message_id) for a in addresses) and not self.queue()
            ),
            f"{message_id} delivered to {addresses}",
        )


@pytest.fixture(scope="module")
def lab() -> Iterator[Lab]:
    reason = _why_no_postfix()
    if reason and os.environ.get("PLEIN_REQUIRE_POSTFIX") == "1":
        pytest.fail(f"PLEIN_REQUIRE_POSTFIX=1, but {reason}")
    if reason:
        pytest.skip(reason)
    # Not pytest's tmp_path: its parent is private to root, and Postfix
    # delivers as "nobody", who must reach the mailboxes.
    directory = Path(tempfile.mkdtemp(prefix="plein-postfix-"))
    directory.chmod(0o755)
    lab = Lab(directory, *_free_ports(3))
    _lab(
        "start",
        directory,
        *("--smtp-port", str(lab.smtp_port)),
        *("--filter-port", str(lab.filter_port)),
        *("--reinject-port", str(lab.reinject_port)),
        *("--domain", "plein.test", "--domain", "plein.localhost"),
    )
    try:
        yield lab
    finally:
        _lab("stop", directory)
        shutil.rmtree(directory, ignore_errors=True)


class PleinFilter:
    """Plein's content filter on the lab's filter port, to stop and restart."""

    def __init__(self, lab: Lab) -> None:
        self.lab = lab
        self.controller: Any = None

    def start(self) -> None:
        self.controller = build_controller(
            host="127.0.0.1",
            port=self.lab.filter_port,
            lmtp=True,
            reinject=("127.0.0.1", self.lab.reinject_port),
        )
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller.handler.close()
            self.controller = None


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any) -> None:
    settings.MAIL_DOMAIN = "plein.localhost"
    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]


@pytest.fixture
def people(team: list, make_person: Callable[..., Any]) -> list:
    """Alice, her three teammates, Erik and Frank, all with a Plein account."""
    return [
        *team,
        make_person("Erik Smit", email="erik@plein.test"),
        make_person("Frank de Boer", email="frank@plein.test"),
    ]


@pytest.fixture
def plein_filter(lab: Lab, people: list) -> Iterator[PleinFilter]:
    running = PleinFilter(lab)
    running.start()
    try:
        yield running
    finally:
        running.stop()


def _mail(sender: str, to: list[str], **kwargs: Any) -> bytes:
    # With CRLF, as a mail client sends it: smtplib sends bytes as they are,
    # and Postfix would read a bare LF before the final CRLF as a line.
    return build_mail(sender, to, **kwargs).replace(b"\n", b"\r\n")


def _header(raw: bytes, name: str) -> str | None:
    return message_from_bytes(raw, policy=policy.default)[name]


def _body(raw: bytes) -> bytes:
    """The body as sent, line ends aside (Postfix writes bare LF)."""
    return raw.replace(b"\r\n", b"\n").split(b"\n\n", 1)[1]


def test_mail_to_colleagues_becomes_post_and_only_others_get_the_mail(
    lab: Lab, plein_filter: PleinFilter
) -> None:
    message_id = "<in-path-post@mail.plein.test>"
    raw = _mail(
        "alice@plein.test",
        [*COLLEAGUES, EXTERNAL],
        cc=[UNKNOWN],
        message_id=message_id,
    )
    lab.send("alice@plein.test", [*COLLEAGUES, EXTERNAL, UNKNOWN], raw)
    lab.wait_delivered(message_id, [EXTERNAL, UNKNOWN])

    post = Post.objects.get()
    readers = {r.user.email for r in post.announcement.readers.select_related("user")}
    assert readers == set(COLLEAGUES)
    for colleague in COLLEAGUES:
        assert lab.mailbox(colleague) == [], colleague
    for address in (EXTERNAL, UNKNOWN):
        [copy] = lab.copies(address, message_id)
        assert _body(copy) == _body(raw)
        assert _header(copy, "Subject") == "Kwartaalcijfers"
    assert lab.bounces("alice@plein.test") == []


def test_mail_to_two_colleagues_is_delivered_as_mail(
    lab: Lab, plein_filter: PleinFilter
) -> None:
    message_id = "<in-path-two@mail.plein.test>"
    to = ["bob@plein.test", "carol@plein.test"]
    lab.send(
        "alice@plein.test", to, _mail("alice@plein.test", to, message_id=message_id)
    )
    lab.wait_delivered(message_id, to)

    assert [len(lab.copies(a, message_id)) for a in to] == [1, 1]
    assert not Post.objects.exists()


def test_mail_from_outside_to_five_colleagues_is_delivered_not_bounced(
    lab: Lab, plein_filter: PleinFilter
) -> None:
    sender = "x@partner.example"
    message_id = "<in-path-outside@partner.example>"
    to = [*COLLEAGUES, "frank@plein.test"]
    lab.send(sender, to, _mail(sender, to, message_id=message_id))
    lab.wait_delivered(message_id, to)

    assert [len(lab.copies(a, message_id)) for a in to] == [1] * 5
    assert not Post.objects.exists()
    assert lab.bounces(sender) == []


def test_bcc_colleague_of_a_converted_mail_still_gets_the_mail(
    lab: Lab, plein_filter: PleinFilter
) -> None:
    message_id = "<in-path-bcc@mail.plein.test>"
    # Frank is only in the envelope: he is not part of the conversation.
    raw = _mail("alice@plein.test", COLLEAGUES, message_id=message_id)
    lab.send("alice@plein.test", [*COLLEAGUES, "frank@plein.test"], raw)
    lab.wait_delivered(message_id, ["frank@plein.test"])

    assert Post.objects.count() == 1
    assert len(lab.copies("frank@plein.test", message_id)) == 1
    for colleague in COLLEAGUES:
        assert lab.copies(colleague, message_id) == [], colleague


def test_postfix_keeps_the_mail_while_plein_is_down_and_delivers_it_once(
    lab: Lab, plein_filter: PleinFilter
) -> None:
    message_id = "<in-path-retry@mail.plein.test>"
    recipients = [*COLLEAGUES, EXTERNAL, UNKNOWN]
    raw = _mail(
        "alice@plein.test", [*COLLEAGUES, EXTERNAL], cc=[UNKNOWN], message_id=message_id
    )
    plein_filter.stop()
    lab.send("alice@plein.test", recipients, raw)
    # Postfix could not reach Plein: the mail waits in the deferred queue.
    lab.wait_until(
        lambda: [q["queue_name"] for q in lab.queue()] == ["deferred"],
        "the message deferred",
    )
    [queued] = lab.queue()
    assert "Connection refused" in queued["recipients"][0]["delay_reason"]
    assert sorted(r["address"] for r in queued["recipients"]) == sorted(recipients)
    assert all(lab.copies(a, message_id) == [] for a in recipients)
    assert lab.bounces("alice@plein.test") == []
    assert not Post.objects.exists()

    plein_filter.start()
    lab.flush()
    lab.wait_delivered(message_id, [EXTERNAL, UNKNOWN])
    # Another retry round changes nothing: it was delivered exactly once.
    lab.flush()
    time.sleep(1)
    assert lab.queue() == []
    assert [len(lab.copies(a, message_id)) for a in (EXTERNAL, UNKNOWN)] == [1, 1]
    assert all(lab.copies(a, message_id) == [] for a in COLLEAGUES)
    assert Post.objects.count() == 1
    assert lab.bounces("alice@plein.test") == []
