"""Replaying exported mail through the gateway rules, to estimate the saving.

The dry run keeps its own accounting in memory and writes nothing: a
person is an active account with that address, or, with
``create_people``, any address in an internal domain. It applies the rules
that matter for an export (a reply to a converted mail becomes a comment;
more than MAIL_POST_THRESHOLD internal recipients becomes a post; an
unknown sender is refused). ``apply=True`` sends every message through
``do_receive_message`` instead, creating the posts for real.
"""

import mailbox
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.test.utils import override_settings

from plein.core.errors import PleinError
from plein.mail.gateway.errors import GatewayError
from plein.mail.gateway.parse import ParsedMail, parse_message
from plein.mail.report import Figures
from plein.people.models import User


@dataclass
class ReplayResult:
    figures: Figures = field(default_factory=Figures)
    # The corpus README's definition: every distinct To+Cc address counts.
    all_recipients_converted: int = 0
    all_recipients_deliveries: int = 0
    people_created: int = 0


def iter_messages(path: Path) -> Iterator[bytes]:
    """The raw bytes of every .eml under a folder, or of every mbox message."""
    if path.is_dir():
        for file in sorted(path.rglob("*.eml")):
            yield file.read_bytes()
        return
    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key)
    finally:
        box.close()


def _sort_key(mail: ParsedMail) -> float:
    try:
        return parsedate_to_datetime(mail.date).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return 0.0


def _internal(address: str, domains: set[str]) -> bool:
    return address.rpartition("@")[2] in domains


def _is_valid_address(address: str) -> bool:
    # Exports hold mangled addresses (".dan@enron.com") no account can have.
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def _create_person(address: str, name: str) -> bool:
    from plein.people.actions import do_create_person

    if User.objects.filter(email__iexact=address).exists():
        return False
    local = address.partition("@")[0]
    full_name = name.strip() or local.replace(".", " ").replace("_", " ").title()
    try:
        with transaction.atomic():
            do_create_person(email=address, full_name=full_name[:150] or local)
    except PleinError:
        return False
    return True


def replay(
    path: Path,
    *,
    internal_domains: list[str],
    create_people: bool = False,
    apply: bool = False,
    log: Callable[[str], None] | None = None,
) -> ReplayResult:
    """Run every message under ``path`` through the rules; return the figures."""
    domains = {d.lower().lstrip("@") for d in internal_domains}
    threshold = settings.MAIL_POST_THRESHOLD
    result = ReplayResult()
    parsed: list[tuple[ParsedMail, bytes]] = []
    for raw in iter_messages(path):
        try:
            parsed.append((parse_message(raw), raw))
        except GatewayError:
            result.figures.add(Figures(messages=1, rejected=1))
    parsed.sort(key=lambda item: _sort_key(item[0]))
    known = {
        e.lower()
        for e in User.objects.filter(is_active=True).values_list("email", flat=True)
    }

    def is_person(address: str) -> bool:
        if address in known:
            return True
        return (
            create_people and _internal(address, domains) and _is_valid_address(address)
        )

    converted_ids: set[str] = set()
    for mail, raw in parsed:
        recipients = mail.recipients
        if len(recipients) > threshold:
            result.all_recipients_converted += 1
            result.all_recipients_deliveries += len(recipients)
        if apply:
            result.figures.add(_apply_one(mail, raw, domains, create_people, result))
            continue
        internal = [
            a
            for a in recipients
            if _internal(a, domains) and is_person(a) and a != mail.from_address
        ]
        one = Figures(messages=1, deliveries=len(recipients))
        is_thread = any(ref in converted_ids for ref in mail.references)
        if is_thread or len(internal) > threshold:
            if is_person(mail.from_address):
                one.converted = 1
                one.converted_deliveries = len(internal)
                converted_ids.add(mail.message_id)
            else:
                one.rejected = 1
        result.figures.add(one)
    if log:
        log(f"{result.figures.messages} messages replayed")
    return result


def _apply_one(
    mail: ParsedMail,
    raw: bytes,
    domains: set[str],
    create_people: bool,
    result: ReplayResult,
) -> Figures:
    from plein.mail.gateway.actions import do_receive_message
    from plein.mail.models import InboundMessage

    if create_people:
        for address in [mail.from_address, *mail.recipients]:
            if _internal(address, domains) and _create_person(
                address, mail.from_name if address == mail.from_address else ""
            ):
                result.people_created += 1
    with override_settings(MAIL_INTERNAL_DOMAINS=sorted(domains)):
        outcome = do_receive_message(raw, envelope_recipients=[])
    one = Figures(messages=1, deliveries=len(mail.recipients))
    if outcome.smtp_code >= 400:
        one.rejected = 1
    elif outcome.status in ("posted", "group_post", "commented"):
        record = InboundMessage.objects.get(message_id=outcome.message_id)
        one.converted = 1
        one.converted_deliveries = record.internal_recipient_count
    return one
