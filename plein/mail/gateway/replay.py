"""Replaying exported mail through the real gateway, to measure the saving.

Every message goes through ``do_receive_message``, oldest first, as if it
arrived at its own date (threading by subject looks back a week from
then). The dry run does exactly what ``--apply`` does inside one
transaction and rolls it back at the end, so the two print the same
figures by construction; ``--apply`` commits. History is published with
``importing_history()``: the guidelines gate and the per-sender limit
stand aside (the mails were written before Plein), leak prevention does
not, and nobody is told about old mail: the notifications and e-mails that
new mail would cause are simulated (``plein.mail.reduction``), not sent.

What is counted (docs/mail.md, "An honest figure"):

- deliveries: one message in one inbox, each distinct To and Cc address;
- deliveries removed: the colleagues named in To or Cc of a converted mail
  who can read it in Plein (in the mail path they get no copy);
- Plein's mails per kind under the two assumptions, and the net;
- readers not reached in Plein (their copy is still delivered):
  addresses without an account, malformed addresses, posts held for review.

Duplicates count once: one message per Message-ID, and the same mail kept
in several folders (same sender, date, subject and text) once. An export
with a folder per person (a maildir each) is also reported per inbox.
"""

import hashlib
import logging
import mailbox
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.test.utils import override_settings

from plein.core.errors import PleinError
from plein.core.publishing import importing_history
from plein.core.tasks import collect_tasks
from plein.mail import reduction
from plein.mail.gateway.actions import Outcome
from plein.mail.gateway.errors import GatewayError
from plein.mail.gateway.parse import ParsedMail, parse_message
from plein.people.models import User

logger = logging.getLogger(__name__)

# Folders of mail a person sent rather than received (Outlook, Enron, Dutch).
_SENT_FOLDERS = ("sent", "verzonden", "outbox", "postvak uit", "drafts", "concepten")
# Follow-up work for history that is done in place; what would tell people
# about old mail (notifications, e-mails) is not.
_NOBODY_IS_TOLD = (
    "plein.notifications.",
    "plein.announcements.tasks.",
    "plein.mail.tasks.",
    "plein.alerts.",
)
LARGEST_INBOXES = 10


@dataclass
class ExportedMail:
    mail: ParsedMail
    raw: bytes
    when: datetime
    # The people (maildir folders) in whose received mail it was.
    inboxes: set[str] = field(default_factory=set)


@dataclass
class Export:
    messages: list[ExportedMail]
    duplicates: int = 0
    unreadable: int = 0
    # For a maildir per person: folder name → the person's address.
    owners: dict[str, str] = field(default_factory=dict)

    @property
    def is_per_inbox(self) -> bool:
        return bool(self.owners)


def _date_of(mail: ParsedMail) -> datetime:
    try:
        when = parsedate_to_datetime(mail.date)
    except (TypeError, ValueError, IndexError, OverflowError):
        return datetime(1970, 1, 1, tzinfo=UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when


def _is_sent_folder(parts: tuple[str, ...]) -> bool:
    return any(
        name in part.lower().replace("_", " ")
        for part in parts
        for name in _SENT_FOLDERS
    )


def _files(path: Path) -> Iterator[tuple[Path, bytes]]:
    for file in sorted(path.rglob("*")):
        if file.is_file() and not file.name.startswith(".") and file.suffix != ".md":
            yield file, file.read_bytes()


def _is_per_person(path: Path) -> bool:
    """A folder of folders, one per person (a maildir or Enron's layout)."""
    if not path.is_dir():
        return False
    entries = [e for e in path.iterdir() if not e.name.startswith(".")]
    return bool(entries) and all(e.is_dir() for e in entries)


def _iter_raw(path: Path) -> Iterator[tuple[bytes, str | None, bool]]:
    """(raw message, owner folder or None, whether it is in a sent folder)."""
    if path.is_dir() and _is_per_person(path):
        for file, raw in _files(path):
            parts = file.relative_to(path).parts
            yield raw, parts[0], _is_sent_folder(parts[1:-1])
        return
    if path.is_dir():
        for file in sorted(path.rglob("*.eml")):
            yield file.read_bytes(), None, False
        return
    box = mailbox.mbox(path, create=False)
    try:
        for key in box.iterkeys():
            yield box.get_bytes(key), None, False
    finally:
        box.close()


def _content_key(mail: ParsedMail) -> str:
    text = " ".join((mail.text or mail.html).split())
    return hashlib.sha256(
        "\0".join([mail.from_address, mail.date, mail.subject, text]).encode(
            "utf-8", "surrogatepass"
        )
    ).hexdigest()


def load_export(path: Path) -> Export:
    """Every message under ``path``, once, oldest first."""
    export = Export(messages=[])
    by_id: dict[str, ExportedMail] = {}
    by_content: dict[str, ExportedMail] = {}
    sent_from: dict[str, Counter[str]] = defaultdict(Counter)
    received_by: dict[str, Counter[str]] = defaultdict(Counter)
    for raw, owner, is_sent in _iter_raw(path):
        try:
            mail = parse_message(raw)
        except GatewayError:
            export.unreadable += 1
            continue
        if owner is not None:
            if is_sent:
                sent_from[owner][mail.from_address] += 1
            else:
                received_by[owner].update(mail.recipients)
        key = _content_key(mail)
        known = by_id.get(mail.message_id) or by_content.get(key)
        if known is None:
            known = ExportedMail(mail=mail, raw=raw, when=_date_of(mail))
            by_id[mail.message_id] = by_content[key] = known
            export.messages.append(known)
        else:
            export.duplicates += 1
        if owner is not None and not is_sent:
            known.inboxes.add(owner)
    for owner in {*sent_from, *received_by}:
        # Whose folder it is: the address they send from, or else the one
        # their received mail is most often addressed to.
        guess = sent_from[owner].most_common(1) or received_by[owner].most_common(1)
        if guess:
            export.owners[owner] = guess[0][0]
    export.messages.sort(key=lambda m: m.when)
    return export


def _is_valid_address(address: str) -> bool:
    # Exports hold mangled addresses (".dan@enron.com") no account can have.
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


def _internal(address: str, domains: set[str]) -> bool:
    return address.rpartition("@")[2] in domains


def _create_people(export: Export, domains: set[str]) -> int:
    from plein.people.actions import do_create_person

    names: dict[str, str] = {}
    for item in export.messages:
        mail = item.mail
        for address in [mail.from_address, *mail.recipients]:
            if _internal(address, domains) and _is_valid_address(address):
                names.setdefault(address, "")
        if mail.from_name.strip():
            names[mail.from_address] = mail.from_name.strip()
    existing = {
        e.lower()
        for e in User.objects.filter(email__in=list(names)).values_list(
            "email", flat=True
        )
    }
    created = 0
    for address, name in names.items():
        if address in existing:
            continue
        local = address.partition("@")[0]
        full_name = name or local.replace(".", " ").replace("_", " ").title()
        try:
            with transaction.atomic():
                do_create_person(email=address, full_name=full_name[:150] or local)
        except PleinError:
            continue
        created += 1
    return created


@dataclass
class Share:
    """Figures for one slice of the replay: a week, a department, or all."""

    messages: int = 0
    converted: int = 0
    deliveries: int = 0
    deliveries_removed: int = 0
    plein_mails: dict[str, dict[str, int]] = field(default_factory=dict)

    def net_removed(self) -> dict[str, int]:
        return {
            a: self.deliveries_removed - self.plein_mails.get(a, {}).get("total", 0)
            for a in reduction.ASSUMPTIONS
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "converted": self.converted,
            "deliveries": self.deliveries,
            "deliveries_removed": self.deliveries_removed,
            "plein_mails": self.plein_mails,
            "net_removed": self.net_removed(),
        }


@dataclass
class ReplayResult:
    total: Share = field(default_factory=lambda: reduction_share())
    refused: int = 0
    duplicates: int = 0
    unreadable: int = 0
    readers_not_reached: dict[str, int] = field(default_factory=dict)
    by_week: dict[str, Share] = field(default_factory=dict)
    by_department: dict[str, Share] = field(default_factory=dict)
    inboxes: dict[str, Any] = field(default_factory=dict)
    # The corpus README's definition: every distinct To+Cc address counts.
    all_recipients_converted: int = 0
    all_recipients_deliveries: int = 0
    people_created: int = 0
    applied: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.total.as_dict(),
            "refused": self.refused,
            "duplicates": self.duplicates,
            "unreadable": self.unreadable,
            "readers_not_reached": self.readers_not_reached,
            "by_week": [
                {"week": week, **share.as_dict()}
                for week, share in sorted(self.by_week.items())
            ],
            "by_department": [
                {"department": name, **share.as_dict()}
                for name, share in sorted(self.by_department.items())
            ],
            "inboxes": self.inboxes,
            "all_recipients": {
                "messages": self.all_recipients_converted,
                "deliveries": self.all_recipients_deliveries,
            },
            "people_created": self.people_created,
            "applied": self.applied,
            "seconds": round(self.seconds, 1),
        }


def replay(
    path: Path,
    *,
    internal_domains: list[str],
    create_people: bool = False,
    apply: bool = False,
    log: Callable[[str], None] | None = None,
) -> ReplayResult:
    """Run every message under ``path`` through the gateway; return the figures.

    Without ``apply`` nothing stays: the run is rolled back.
    """
    import time

    started = time.perf_counter()
    log = log or (lambda _message: None)
    domains = {d.lower().lstrip("@") for d in internal_domains}
    export = load_export(path)
    log(f"{len(export.messages)} messages to replay ({export.duplicates} duplicates)")
    gateway_log = logging.getLogger("plein.mail.gateway")
    level = gateway_log.level
    gateway_log.setLevel(logging.ERROR)  # one line per message is noise here
    try:
        with (
            override_settings(MAIL_INTERNAL_DOMAINS=sorted(domains)),
            importing_history(),
            collect_tasks() as collected,
            transaction.atomic(),
        ):
            mark = len(connection.run_on_commit)
            people_created = _create_people(export, domains) if create_people else 0
            outcomes = _receive_all(export, log)
            result = measure(export, outcomes, domains)
            result.people_created = people_created
            if apply:
                _follow_up(collected)
            else:
                transaction.set_rollback(True)
            # Effects outside the database about old mail: none.
            del connection.run_on_commit[mark:]
    finally:
        gateway_log.setLevel(level)
    result.applied = apply
    result.seconds = time.perf_counter() - started
    return result


def _receive_all(export: Export, log: Callable[[str], None]) -> list[Outcome]:
    from plein.mail.gateway.actions import do_receive_message

    outcomes = []
    for index, item in enumerate(export.messages, 1):
        outcomes.append(
            do_receive_message(item.raw, envelope_recipients=[], received_at=item.when)
        )
        if index % 500 == 0:
            log(f"{index} messages replayed")
    return outcomes


def _follow_up(collected: list[tuple[Any, dict[str, Any]]]) -> None:
    """Run the collected follow-up work once, but what would tell people."""
    seen: set[tuple[str, str]] = set()
    for _round in range(5):
        pending, collected[:] = list(collected), []
        if not pending:
            return
        for task_obj, kwargs in pending:
            path = task_obj.module_path
            key = (path, repr(sorted(kwargs.items())))
            if path.startswith(_NOBODY_IS_TOLD) or key in seen:
                continue
            seen.add(key)
            task_obj.call(**kwargs)


def _week(day: date) -> str:
    return (day - timedelta(days=day.weekday())).isoformat()


def _instant_kinds() -> tuple[set[str], dict[tuple[int, str], bool]]:
    from plein.notifications.kinds import notification_kinds
    from plein.notifications.models import Preference

    by_default = {k.code for k in notification_kinds.values() if k.email_by_default}
    chosen = {
        (user_id, kind): bool(enabled)
        for user_id, kind, enabled in Preference.objects.filter(
            email_enabled__isnull=False
        ).values_list("user_id", "kind", "email_enabled")
    }
    return by_default, chosen


def measure(export: Export, outcomes: list[Outcome], domains: set[str]) -> ReplayResult:
    """The figures of a replay, read from what the gateway made of each mail."""
    from plein.access.posts import readers_among
    from plein.announcements.models import Announcement
    from plein.announcements.queries import get_reminder_policy
    from plein.announcements.workdays import add_working_days
    from plein.mail.gateway.inpath import reached_in_plein
    from plein.mail.models import InboundMessage
    from plein.notifications.models import Notification
    from plein.posts.models import Comment, Post, PostFollow

    result = ReplayResult(duplicates=export.duplicates, unreadable=export.unreadable)
    threshold = settings.MAIL_POST_THRESHOLD
    by_default, chosen = _instant_kinds()

    def instant(person_id: int, kind: str) -> bool:
        return chosen.get((person_id, kind), kind in by_default)

    people = {
        email.lower(): _Person(pk, frequency, department or "")
        for pk, email, frequency, department in User.objects.filter(
            is_active=True
        ).values_list("pk", "email", "digest_frequency", "department__name")
    }
    simulation = reduction.Simulation(
        digest_frequency={p.pk: p.digest_frequency for p in people.values()}
    )
    policy = get_reminder_policy()
    reminder_days = policy.reminder_day_list if policy.is_enabled else []
    sources: list[tuple[str, str]] = []  # (week, department) per source
    not_reached: Counter[str] = Counter()
    before: Counter[str] = Counter()
    removed: Counter[str] = Counter()
    inbox_before: Counter[str] = Counter()
    inbox_removed: Counter[str] = Counter()
    records = {
        r.message_id: r
        for r in InboundMessage.objects.filter(
            message_id__in=[o.message_id for o in outcomes]
        )
    }
    for item, outcome in zip(export.messages, outcomes, strict=True):
        mail = item.mail
        week = _week(item.when.date())
        sender = people.get(mail.from_address)
        department = (sender.department if sender else "") or "—"
        recipients = mail.recipients
        for share in (
            result.total,
            result.by_week.setdefault(week, reduction_share()),
            result.by_department.setdefault(department, reduction_share()),
        ):
            share.messages += 1
            share.deliveries += len(recipients)
        before.update(recipients)
        inbox_before.update(item.inboxes)
        if len(recipients) > threshold:
            result.all_recipients_converted += 1
            result.all_recipients_deliveries += len(recipients)
        internal = [
            a for a in recipients if _internal(a, domains) and a != mail.from_address
        ]
        if outcome.smtp_code >= 400:
            result.refused += 1
            named_people = [a for a in internal if a in people]
            if (
                outcome.smtp_code >= 500
                and sender is not None
                and len(named_people) > threshold
            ):
                # In the mail path the sender hears why it is no post.
                source = len(sources)
                sources.append((week, department))
                simulation.add(
                    reduction.Told(
                        sender.pk,
                        item.when,
                        source,
                        instant=True,
                        mail_kind=reduction.CONFIRMATIONS,
                    )
                )
            continue
        if outcome.post_id is None or outcome.status not in (
            InboundMessage.Outcome.POSTED,
            InboundMessage.Outcome.COMMENTED,
        ):
            continue
        source = len(sources)
        sources.append((week, department))
        for share in (
            result.total,
            result.by_week[week],
            result.by_department[department],
        ):
            share.converted += 1
        reached = reached_in_plein(outcome, mail, internal)
        post = Post.objects.get(pk=outcome.post_id)
        for address in internal:
            if address in reached:
                continue
            if not _is_valid_address(address):
                not_reached["malformed_address"] += 1
            elif address not in people:
                not_reached["unknown_address"] += 1
            elif post.withheld_at is not None:
                not_reached["held_for_review"] += 1
            else:
                not_reached["cannot_read"] += 1
        for share in (
            result.total,
            result.by_week[week],
            result.by_department[department],
        ):
            share.deliveries_removed += len(reached)
        removed.update(reached)
        for owner in item.inboxes:
            if export.owners.get(owner) in reached:
                inbox_removed[owner] += 1
        reached_ids = {people[a].pk for a in reached}
        record = records.get(outcome.message_id)
        if outcome.status == InboundMessage.Outcome.POSTED:
            announcement = Announcement.objects.filter(post=post).first()
            if announcement is not None:
                readers = (
                    set(announcement.readers.values_list("user_id", flat=True))
                    & reached_ids
                )
                for person in readers:
                    simulation.add(
                        reduction.Told(
                            person,
                            item.when,
                            source,
                            instant=instant(person, announcement.notification_kind),
                        )
                    )
                    for days in reminder_days:
                        simulation.add(
                            reduction.Told(
                                person,
                                add_working_days(item.when, days),
                                source,
                                instant=instant(person, announcement.reminder_kind),
                                mail_kind=reduction.REMINDERS,
                                is_reminder=True,
                                rides_along=True,
                            )
                        )
            confirmation = Notification.objects.filter(
                kind="mail_posted", post=post
            ).first()
            if confirmation is not None and record is not None:
                simulation.add(
                    reduction.Told(
                        confirmation.recipient_id,
                        item.when,
                        source,
                        instant=confirmation.wants_email is True
                        or instant(confirmation.recipient_id, "mail_posted"),
                        mail_kind=reduction.CONFIRMATIONS,
                        rides_along=True,
                    )
                )
        else:
            comment = (
                Comment.objects.select_related("parent")
                .filter(pk=outcome.comment_id or 0)
                .first()
            )
            if comment is None:
                continue
            told = {post.author_id}
            told |= set(
                PostFollow.objects.filter(post=post).values_list("user_id", flat=True)
            )
            if comment.parent is not None:
                told.add(comment.parent.author_id)
            told.discard(comment.author_id)
            for person in readers_among(post, told):
                simulation.add(
                    reduction.Told(
                        person, item.when, source, instant=instant(person, "reply")
                    )
                )
    result.readers_not_reached = {
        **{k: not_reached.get(k, 0) for k in _NOT_REACHED},
        "total": sum(not_reached.values()),
    }
    _add_plein_mails(result, simulation, sources)
    _add_inboxes(
        result, export, simulation, before, removed, inbox_before, inbox_removed, people
    )
    return result


_NOT_REACHED = (
    "unknown_address",
    "malformed_address",
    "held_for_review",
    "cannot_read",
)


def reduction_share() -> Share:
    return Share(
        plein_mails={
            a: dict.fromkeys([*reduction.MAIL_KINDS, "total"], 0)
            for a in reduction.ASSUMPTIONS
        }
    )


def _add_plein_mails(
    result: ReplayResult,
    simulation: reduction.Simulation,
    sources: list[tuple[str, str]],
) -> None:
    for assumption in reduction.ASSUMPTIONS:
        for sent in simulation.mails(assumption):
            week, department = sources[sent.source]
            for share in (
                result.total,
                result.by_week[week],
                result.by_department[department],
            ):
                counts = share.plein_mails[assumption]
                counts[sent.kind] += 1
                counts["total"] += 1


def _add_inboxes(
    result: ReplayResult,
    export: Export,
    simulation: reduction.Simulation,
    before: Counter[str],
    removed: Counter[str],
    inbox_before: Counter[str],
    inbox_removed: Counter[str],
    people: dict[str, "_Person"],
) -> None:
    """Mails per inbox before, and after (Plein's own mails included)."""
    by_id = {p.pk: address for address, p in people.items()}
    plein_to: dict[str, Counter[str]] = {}
    for assumption in reduction.ASSUMPTIONS:
        plein_to[assumption] = Counter(
            by_id.get(s.person_id, "") for s in simulation.mails(assumption)
        )
    if export.is_per_inbox:
        scope = "maildir"
        inboxes = {
            owner: (inbox_before[owner], inbox_removed[owner], address)
            for owner, address in export.owners.items()
            if inbox_before[owner]
        }
    else:
        # Every address of a person that received mail in the export.
        scope = "recipients"
        inboxes = {
            address: (count, removed[address], address)
            for address, count in before.items()
            if address in people
        }
    rows = [
        _Inbox(
            name,
            count,
            {a: count - gone + plein_to[a][address] for a in reduction.ASSUMPTIONS},
        )
        for name, (count, gone, address) in inboxes.items()
    ]
    changes = {
        a: [100.0 * (r.before - r.after[a]) / r.before for r in rows]
        for a in reduction.ASSUMPTIONS
    }
    result.inboxes = {
        "scope": scope,
        "count": len(rows),
        "before": sum(r.before for r in rows),
        "after": {a: sum(r.after[a] for r in rows) for a in reduction.ASSUMPTIONS},
        "median_reduction_percent": {
            a: round(statistics.median(changes[a]), 1) if rows else 0.0
            for a in reduction.ASSUMPTIONS
        },
        "more_mail_than_before": {
            a: sum(1 for r in rows if r.after[a] > r.before)
            for a in reduction.ASSUMPTIONS
        },
        "largest": [
            {"inbox": r.name, "before": r.before, "after": r.after}
            for r in sorted(rows, key=lambda r: -r.before)[:LARGEST_INBOXES]
        ],
    }


@dataclass(frozen=True)
class _Person:
    pk: int
    digest_frequency: str
    department: str


@dataclass(frozen=True)
class _Inbox:
    name: str
    before: int
    after: dict[str, int]
