"""Addresses features claim (``register_address_handler``), through the
gateway's real receive path; the gateway names no feature, so these tests
claim an address of their own."""

from collections.abc import Callable, Iterator
from email.message import Message
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from plein.core.errors import Forbidden
from plein.mail.addresses import build_reply_address
from plein.mail.gateway.extensions import (
    HandledMail,
    address_handlers,
    register_address_handler,
)
from plein.mail.gateway.parse import ParsedMail
from plein.mail.models import InboundMessage, Reinjection
from plein.mail.tests.test_gateway import build_mail, receive
from plein.posts.models import Comment, Post

pytestmark = pytest.mark.django_db

CLAIMED = "claimed@plein.localhost"


@pytest.fixture(autouse=True)
def _mail_settings(settings: Any) -> None:
    settings.MAIL_DOMAIN = "plein.localhost"
    settings.MAIL_INTERNAL_DOMAINS = ["plein.test"]
    settings.MAIL_POST_THRESHOLD = 3
    settings.MAIL_AUTHSERV_ID = "mx.plein.test"
    settings.MAIL_REQUIRE_DMARC = False


class Recorder:
    """A handler that remembers its calls and answers what it is told."""

    def __init__(self) -> None:
        self.calls: list[tuple[ParsedMail, Message, Any]] = []
        self.answer = HandledMail("taken in")
        self.error: Exception | None = None

    def __call__(self, mail: ParsedMail, message: Message, sender: Any) -> HandledMail:
        self.calls.append((mail, message, sender))
        # A write that must roll back with a refusal.
        Reinjection.objects.create(key=mail.message_id[:64])
        if self.error is not None:
            raise self.error
        return self.answer


@pytest.fixture
def handler() -> Iterator[Recorder]:
    recorder = Recorder()
    register_address_handler("Claimed", recorder)
    yield recorder
    address_handlers.unregister("claimed")


def test_mail_to_a_claimed_address_goes_to_its_handler_only(
    handler: Recorder, team: list, run_on_commit: Callable[..., Any]
) -> None:
    alice = team[0]
    # Also to four colleagues: without the claim this would be a post.
    raw = build_mail(
        "Alice <alice@plein.test>",
        ["CLAIMED@plein.localhost", "bob@plein.test", "carol@plein.test"],
        cc=["dirk@plein.test", "admin@plein.test"],
        subject="Links voor jullie",
    )
    outcome = receive(raw, run_on_commit)

    assert outcome.status == "handled"
    assert outcome.smtp_code == 250
    assert not Post.objects.exists()
    [(mail, message, sender)] = handler.calls
    assert mail.subject == "Links voor jullie"
    assert message["Subject"] == "Links voor jullie"
    assert "Hierbij de cijfers" in message.get_payload()
    assert sender == alice
    record = InboundMessage.objects.get()
    assert (record.outcome, record.reason, record.sender) == (
        "handled",
        "taken in",
        alice,
    )
    assert Reinjection.objects.count() == 1


def test_unknown_sender_and_envelope_only_address_reach_the_handler(
    handler: Recorder, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail("alerts@service.example", ["someone@elsewhere.example"])
    outcome = receive(raw, run_on_commit, envelope_recipients=[CLAIMED])

    assert outcome.status == "handled"
    [(_mail, _message, sender)] = handler.calls
    assert sender is None


def test_automatic_mail_goes_to_the_handler_too(
    handler: Recorder, run_on_commit: Callable[..., Any]
) -> None:
    raw = build_mail(
        "alerts@service.example",
        [CLAIMED],
        headers={"Auto-Submitted": "auto-generated"},
    )
    assert receive(raw, run_on_commit).status == "handled"
    assert len(handler.calls) == 1


def test_handler_refusal_refuses_the_mail_and_rolls_back(
    handler: Recorder, run_on_commit: Callable[..., Any]
) -> None:
    handler.error = Forbidden("Alleen collega's.")
    raw = build_mail("stranger@elsewhere.example", [CLAIMED])
    outcome = receive(raw, run_on_commit)

    assert outcome.status == "rejected"
    assert outcome.smtp_code == 550
    assert outcome.reason == "550 5.7.1 Alleen collega's."
    assert not Reinjection.objects.exists()
    record = InboundMessage.objects.get()
    assert (record.outcome, record.reason) == ("rejected", "Alleen collega's.")


def test_handler_may_leave_a_mail_alone(
    handler: Recorder, run_on_commit: Callable[..., Any]
) -> None:
    handler.answer = HandledMail("nothing to do", is_ignored=True)
    outcome = receive(build_mail("a@elsewhere.example", [CLAIMED]), run_on_commit)

    assert outcome.status == "ignored"
    assert InboundMessage.objects.get().reason == "nothing to do"


def test_replies_and_unclaimed_addresses_are_untouched(
    handler: Recorder,
    team: list,
    make_post: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> None:
    alice, bob = team[0], team[1]
    post = make_post(author=bob, body="Wie doet mee?")
    raw = build_mail(
        "alice@plein.test",
        [build_reply_address(alice.pk, post.pk)],
        body="Ik doe mee.",
    )
    assert receive(raw, run_on_commit).status == "commented"
    assert Comment.objects.get().body == "Ik doe mee."

    other = build_mail(
        "alice@plein.test", ["unclaimed@plein.localhost"], message_id="<o@x>"
    )
    outcome = receive(
        other, run_on_commit, envelope_recipients=["unclaimed@plein.localhost"]
    )
    assert outcome.status == "rejected"
    assert handler.calls == []


@pytest.mark.parametrize("local_part", ["r-abc", "a@b", "", "with space", "-x"])
def test_an_address_that_cannot_be_claimed_stops_start_up(local_part: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        register_address_handler(local_part, Recorder())


def test_claiming_an_address_twice_stops_start_up(handler: Recorder) -> None:
    with pytest.raises(ImproperlyConfigured):
        register_address_handler("claimed", Recorder())
