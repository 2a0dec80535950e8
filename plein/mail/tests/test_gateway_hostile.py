"""Hostile and broken messages: refused quickly and cleanly, never a crash."""

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from plein.mail.gateway.actions import do_receive_message
from plein.mail.gateway.errors import EX_DATAERR, GatewayError
from plein.mail.gateway.parse import (
    build_body,
    decode_header_value,
    parse_message,
    strip_quotes,
)
from plein.mail.models import InboundMessage
from plein.posts.models import Post

HEAD = (
    "From: alice@plein.test\r\nTo: bob@plein.test, carol@plein.test,"
    " dirk@plein.test, admin@plein.test\r\nSubject: test\r\n"
    "Message-ID: <{mid}@plein.test>\r\nMIME-Version: 1.0\r\n"
)


def nested_bomb(depth: int) -> bytes:
    parts = [HEAD.format(mid="bomb")]
    for level in range(depth):
        parts.append(f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n')
        parts.append(f"--b{level}\r\n")
    parts.append("Content-Type: text/plain\r\n\r\nkern\r\n")
    parts.extend(f"--b{level}--\r\n" for level in reversed(range(depth)))
    return "".join(parts).encode()


def many_parts(count: int) -> bytes:
    out = [
        HEAD.format(mid="many"),
        'Content-Type: multipart/mixed; boundary="x"\r\n\r\n',
    ]
    out.extend(
        f"--x\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n" for i in range(count)
    )
    out.append("--x--\r\n")
    return "".join(out).encode()


def assert_refused_quickly(raw: bytes) -> GatewayError:
    started = time.process_time()
    with pytest.raises(GatewayError) as info:
        parse_message(raw)
    assert time.process_time() - started < 2.0
    return info.value


@pytest.mark.parametrize("depth", [11, 100, 5000])
def test_nested_multipart_bomb_is_refused(depth: int) -> None:
    error = assert_refused_quickly(nested_bomb(depth))
    assert error.exit_code == EX_DATAERR


def test_nesting_within_the_limit_is_read() -> None:
    assert parse_message(nested_bomb(8)).text.strip() == "kern"


def test_ten_thousand_parts_are_refused() -> None:
    error = assert_refused_quickly(many_parts(10_000))
    assert "te veel delen" in error.reason


def test_huge_header_is_refused() -> None:
    raw = (
        HEAD.format(mid="huge").encode() + b"X-Junk: " + b"a" * 400_000 + b"\r\n\r\nhi"
    )
    assert_refused_quickly(raw)


def test_broken_boundary_does_not_crash() -> None:
    raw = (
        HEAD.format(mid="broken")
        + 'Content-Type: multipart/mixed; boundary="nope"\r\n\r\n'
        + "--other\r\nContent-Type: text/plain\r\n\r\nhallo\r\n"
    ).encode()
    try:
        mail = parse_message(raw)
    except GatewayError as error:
        assert error.smtp_code >= 500
    else:
        assert mail.from_address == "alice@plein.test"


def test_unknown_charset_is_decoded_with_replacement() -> None:
    raw = (
        HEAD.format(mid="charset")
        + "Content-Type: text/plain; charset=x-klingon-99\r\n\r\n"
    ).encode() + b"caf\xe9 \xff ok\r\n"
    mail = parse_message(raw)
    assert "ok" in mail.text
    assert "\ufffd" in mail.text


def test_eight_bit_and_encoded_headers_are_decoded() -> None:
    raw = (
        b"From: =?utf-8?q?J=C3=B6rg?= <jorg@plein.test>\r\n"
        b"To: bob@plein.test\r\nSubject: Caf\xc3\xa9 \xff =?x-unknown?q?a=E9?=\r\n\r\nhoi\r\n"
    )
    mail = parse_message(raw)
    assert mail.from_name == "Jörg"
    assert mail.subject.startswith("Café")


def test_decode_header_survives_garbage() -> None:
    assert decode_header_value("=?utf-8?b?!!!?=") is not None


def test_missing_from_is_malformed() -> None:
    with pytest.raises(GatewayError):
        parse_message(b"To: bob@plein.test\r\nSubject: x\r\n\r\nhoi\r\n")


@pytest.mark.django_db
def test_hostile_mail_through_the_action_records_a_rejection(
    alice: Any, run_on_commit: Callable[..., Any]
) -> None:
    outcome = run_on_commit(do_receive_message, nested_bomb(50))
    assert outcome.smtp_code == 554
    assert outcome.exit_code == EX_DATAERR
    assert not Post.objects.exists()
    record = InboundMessage.objects.get()
    assert record.outcome == "rejected"
    assert "te diep genest" in record.reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prima\n\nOp ma 23 nov. 2026 om 10:00 schreef Alice <a@b.nl>:\n> x", "Prima"),
        ("Prima\n\n-----Original Message-----\nFrom: a\nbla", "Prima"),
        ("Prima\n\nFrom: Alice\nSent: Monday\nTo: Bob\n\nbla", "Prima"),
        ("Prima\n________________________________\nVan: Alice\nbla", "Prima"),
        ("Prima\n> quoted\nnog iets\n-- \nBob", "Prima\nnog iets"),
        (
            "From: here we go\nno sent line follows",
            "From: here we go\nno sent line follows",
        ),
    ],
)
def test_strip_quotes(text: str, expected: str) -> None:
    assert strip_quotes(text) == expected


def _cpython_samples() -> list[Path]:
    try:
        import test
    except ImportError:
        return []
    folder = Path(test.__file__).parent / "test_email" / "data"
    return sorted(folder.glob("msg_*.txt")) if folder.is_dir() else []


@pytest.mark.skipif(
    not _cpython_samples(),
    reason="CPython's test/test_email/data samples are not installed",
)
def test_cpython_mime_samples_parse_or_refuse_cleanly() -> None:
    for path in _cpython_samples():
        raw = path.read_bytes()
        # CPU time, not the clock: a loaded machine may pause the process,
        # and what this bounds is the work a hostile message causes.
        started = time.process_time()
        try:
            mail = parse_message(raw)
        except GatewayError as error:
            assert error.smtp_code >= 500, path.name
        else:
            build_body(mail, for_reply=True)
            build_body(mail, for_reply=False)
        assert time.process_time() - started < 2.0, path.name
