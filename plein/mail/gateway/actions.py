"""The one door through which a received message changes anything.

``do_receive_message`` is called by the SMTP/LMTP handler, by
``plein mail-in`` and by ``plein mail-replay --apply``. Each message runs in
one transaction: a refusal rolls back everything the message started, and
only then is the refusal recorded (in its own short transaction).
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.core.errors import PleinError
from plein.core.publishing import record_refusal
from plein.mail.gateway import rules
from plein.mail.gateway.errors import (
    EX_OK,
    GatewayError,
    MalformedMail,
    NotAllowed,
    SenderRateLimited,
    TemporaryFailure,
)
from plein.mail.gateway.parse import (
    ParsedMail,
    build_body,
    build_message_id,
    check_size,
    parse_message,
    parse_tree,
)
from plein.mail.models import InboundMessage

if TYPE_CHECKING:
    from plein.posts.publishing import Upload

logger = logging.getLogger("plein.mail.gateway")

Status = InboundMessage.Outcome
# Counted in this process's memory: no database round trip per message.
_sender_counts = LocMemCache(
    "plein-gateway-senders", {"OPTIONS": {"MAX_ENTRIES": 10000}}
)


def _check_sender_rate(mail: ParsedMail) -> None:
    from plein.core.publishing import is_importing_history
    from plein.core.ratelimit import hit_mail_sender_limit

    if is_importing_history():
        return  # an export's busy sender sent over months, not this hour
    if hit_mail_sender_limit(mail.from_address, cache=_sender_counts):
        raise SenderRateLimited(
            _("Too many messages from this sender; please try again later.")
        )


@dataclass(frozen=True)
class Outcome:
    """What became of one message, and how to answer the mail server."""

    status: str
    message_id: str
    reason: str = ""
    smtp_code: int = 250
    exit_code: int = EX_OK
    post_id: int | None = None
    comment_id: int | None = None
    is_duplicate: bool = False
    refused_attachments: list[str] = field(default_factory=list)

    def smtp_reply(self) -> str:
        if self.smtp_code >= 400:
            return self.reason
        text = f"250 2.0.0 OK {self.status}"
        if self.refused_attachments:
            names = ", ".join(self.refused_attachments)
            text += "; " + _("files not kept: %(names)s") % {"names": names}
        return text.encode("ascii", "replace").decode()


OPEN_TAGS = ("[open]", "[openbaar]")


def _title(mail: ParsedMail) -> str:
    title = " ".join(mail.subject.split())
    return title[: settings.TITLE_MAX_LENGTH]


def split_open_tag(title: str) -> tuple[bool, str]:
    """``[open] Subject`` (or ``[openbaar]``): the sender opens the post to everyone."""
    lowered = title.lower()
    for tag in OPEN_TAGS:
        if lowered.startswith(tag):
            return True, title[len(tag) :].strip()
    return False, title


def _fit(body: str, limit: int) -> str:
    if len(body) <= limit:
        return body
    note = "\n\n" + _("(The e-mail was longer; the rest was cut off.)")
    return body[: limit - len(note)].rstrip() + note


def _uploads(mail: ParsedMail) -> "list[Upload]":
    """The mail's attachments as uploads for a draft."""
    from plein.posts.publishing import Upload

    return [
        Upload(filename=a.filename, content_type=a.content_type, data=a.data)
        for a in mail.attachments
    ]


def _comment(route: rules.Route, mail: ParsedMail, record: InboundMessage) -> None:
    from plein.access.posts import access_post
    from plein.core.errors import NotFound
    from plein.posts.actions import check_create_comment

    assert route.sender is not None  # noqa: S101 - rules guarantee a sender
    target = route.reply_target
    post_id = target.post_id if target else route.thread_post_id
    try:
        if post_id is None:  # a reply the rules could not tie to a post
            raise NotFound
        post = access_post(route.sender, post_id)
        comment = check_create_comment(
            route.sender,
            post,
            body=_fit(build_body(mail, for_reply=True), settings.COMMENT_MAX_LENGTH),
            parent_id=target.comment_id if target else None,
        )
    except NotFound:
        raise NotAllowed(_("The sender may not comment on this post.")) from None
    record.outcome = Status.COMMENTED
    record.post = post
    record.comment = comment


def _calendar_reply(
    route: rules.Route, mail: ParsedMail, record: InboundMessage
) -> bool:
    """A calendar reply to a reply address, if a feature deals with it."""
    from plein.mail.gateway.extensions import run_calendar_reply_handlers

    if route.kind != rules.REPLY or not mail.calendar:
        return False
    assert route.sender is not None and route.reply_target is not None  # noqa: S101
    if not run_calendar_reply_handlers(route.sender, route.reply_target, mail.calendar):
        return False
    # Nothing was posted: the mail stays a mail, and the reason says why.
    record.reason = "calendar reply"
    return True


def _handled(
    route: rules.Route, mail: ParsedMail, raw: bytes, record: InboundMessage
) -> None:
    """A mail to an address a feature claimed goes to that feature's handler.

    The handler gets the message as the standard library parsed it, read
    again from the bytes: only these few mails pay for it, and a parsed
    mail need not carry its tree (the replay keeps thousands of them).
    """
    from plein.mail.gateway.extensions import address_handlers

    handler = address_handlers[route.handler]
    handled = handler(mail, parse_tree(raw), route.sender)
    record.outcome = Status.IGNORED if handled.is_ignored else Status.HANDLED
    record.reason = handled.reason[:300]


def _group_post(
    route: rules.Route, mail: ParsedMail, record: InboundMessage
) -> list[str]:
    """A mail to a group's address becomes a post in that group."""
    from plein.access.groups import can_post_in_group
    from plein.posts.actions import check_publish_post
    from plein.posts.publishing import PostDraft

    assert route.sender is not None and route.group is not None  # noqa: S101
    if not can_post_in_group(route.sender, route.group):
        # decide_route never routes here then; should it, the bounce must
        # still not tell the group exists.
        raise rules.no_such_address()
    draft = PostDraft(
        body=_fit(
            build_body(mail, for_reply=False) or _title(mail), settings.POST_MAX_LENGTH
        ),
        title=_title(mail),
        group=route.group,
        uploads=_uploads(mail),
        skip_refused_uploads=True,
        source="mail",
    )
    post = check_publish_post(route.sender, draft)
    record.outcome = Status.GROUP_POST
    record.post = post
    return [*mail.refused_parts, *draft.refused_uploads]


def _mail_post(
    route: rules.Route, mail: ParsedMail, record: InboundMessage
) -> list[str]:
    """A mail to several colleagues becomes a post addressed to them.

    Published through ``check_publish_post`` like a post from the composer:
    the same checks (guidelines, leak prevention: a refusal is the bounce, a
    hold keeps the post from its readers), with the To: people as required
    readers and the Cc: people following the conversation.
    """
    from plein.notifications.actions import do_notify
    from plein.posts.actions import check_publish_post
    from plein.posts.publishing import PostDraft

    sender = route.sender
    assert sender is not None  # noqa: S101
    body = build_body(mail, for_reply=False) or _title(mail)
    if not body:
        raise MalformedMail(_("The message has neither a subject nor any text."))
    if "\x00" in body:
        body = body.replace("\x00", "")
    body = _fit(body, settings.POST_MAX_LENGTH)
    is_open, title = split_open_tag(_title(mail))
    readers = [p for p in route.to_people if p.pk != sender.pk]
    draft = PostDraft(
        body=body,
        title=title,
        uploads=_uploads(mail),
        skip_refused_uploads=True,
        audience=[p for p in [*route.to_people, *route.cc_people] if p.pk != sender.pk],
        restrict_to_audience=not is_open,
        # Cc: the people copied follow the conversation without having
        # to confirm; To: the people it was sent to are asked to read it.
        followers=[p for p in route.cc_people if p.pk != sender.pk],
        parts={
            "required_readers": {
                "people": readers,
                # Reached in Plein and in the daily summary, not by e-mail.
                "notification_kind": "mail_to_read",
                "reminder_kind": "mail_to_read",
            }
        }
        if readers
        else {},
        source="mail",
    )
    is_first = not InboundMessage.objects.filter(
        sender=sender, outcome=Status.POSTED
    ).exists()
    post = check_publish_post(sender, draft)
    # The first time, the sender gets an e-mail explaining what happened;
    # after that the link waits in their daily summary (and in Plein).
    do_notify(
        [sender.pk],
        kind="mail_posted",
        key=f"mail_posted:{post.pk}",
        post=post,
        wants_email=True if is_first else None,
    )
    record.outcome = Status.POSTED
    record.post = post
    return [*mail.refused_parts, *draft.refused_uploads]


def _apply(
    mail: ParsedMail,
    envelope_recipients: list[str],
    raw: bytes,
    *,
    is_retry: bool,
    received_at: datetime | None,
) -> Outcome:
    route = rules.decide_route(mail, envelope_recipients, now=received_at)
    sender = route.sender
    record = InboundMessage(
        message_id=mail.message_id,
        sender_address=mail.from_address[:254],
        sender=sender,
        sender_department_id=sender.department_id if sender else None,
        subject=mail.subject[:200],
        topic=rules.normalise_subject(mail.thread_topic or mail.subject),
        conversation=mail.conversation,
        recipient_count=len(mail.recipients),
        internal_recipient_count=route.internal_count,
        size=len(raw),
        outcome=Status.IGNORED,
        received_at=received_at or timezone.now(),
    )
    refused: list[str] = []
    if route.kind == rules.HANDLED:
        _handled(route, mail, raw, record)
    elif _calendar_reply(route, mail, record):
        pass
    elif route.kind in (rules.REPLY, rules.THREAD):
        _comment(route, mail, record)
    elif route.kind == rules.GROUP:
        refused = _group_post(route, mail, record)
    elif route.kind == rules.POST:
        refused = _mail_post(route, mail, record)
    if refused:
        record.reason = (
            _("Files not kept: %(names)s") % {"names": ", ".join(refused)}
        )[:300]
    if is_retry:
        InboundMessage.objects.filter(message_id=mail.message_id).delete()
    # Written last, inside the transaction: a concurrent delivery of the same
    # Message-ID fails on the unique constraint and rolls back all it made.
    record.save(force_insert=True)
    return Outcome(
        status=record.outcome,
        message_id=record.message_id,
        post_id=record.post_id,
        comment_id=record.comment_id,
        refused_attachments=refused,
    )


def _record_rejection(
    message_id: str, mail: ParsedMail | None, raw_size: int, error: GatewayError
) -> None:
    if not error.is_permanent:
        return
    try:
        with transaction.atomic():
            sender = rules.find_person(mail.from_address) if mail else None
            InboundMessage.objects.update_or_create(
                message_id=message_id,
                defaults={
                    "sender_address": (mail.from_address if mail else "")[:254],
                    "sender": sender,
                    "sender_department_id": sender.department_id if sender else None,
                    "subject": (mail.subject if mail else "")[:200],
                    "recipient_count": len(mail.recipients) if mail else 0,
                    "size": raw_size,
                    "outcome": Status.REJECTED,
                    "reason": error.reason[:300],
                },
            )
    except DatabaseError:
        logger.exception("Could not record the rejection of %s", message_id)


def do_receive_message(
    raw: bytes,
    *,
    envelope_from: str = "",
    envelope_recipients: list[str] | None = None,
    received_at: datetime | None = None,
    parsed: ParsedMail | None = None,
) -> Outcome:
    """Turn one raw message into a post, a comment, or a clear refusal.

    Idempotent by Message-ID (a hash of the bytes when there is none): a
    message already handled returns its earlier outcome without changes.
    Runs its writes in one transaction; must not be called inside an
    atomic block that should survive a refusal. Never raises for bad mail:
    the refusal is in the returned Outcome (a 5xx or 4xx reply and a
    sysexits code), logged, and recorded as a rejected InboundMessage.
    After commit the post fans out and the sender's confirmation goes out.
    ``parsed`` is ``parse_message(raw)`` when the caller has it already.
    ``received_at`` replays history: the mail counts as received then (for
    threading replies by subject within a week, and for the report).
    """
    envelope_recipients = list(envelope_recipients or [])
    message_id = "sha256:unparsed"
    mail: ParsedMail | None = None
    try:
        check_size(raw)
        mail = parsed or parse_message(raw)
        message_id = mail.message_id
        _check_sender_rate(mail)
        earlier = InboundMessage.objects.filter(message_id=message_id).first()
        if earlier is not None and earlier.outcome != Status.REJECTED:
            return Outcome(
                status=earlier.outcome,
                message_id=message_id,
                post_id=earlier.post_id,
                comment_id=earlier.comment_id,
                is_duplicate=True,
            )
        with transaction.atomic():
            outcome = _apply(
                mail,
                envelope_recipients,
                raw,
                is_retry=earlier is not None,
                received_at=received_at,
            )
    except IntegrityError:
        # A concurrent delivery of the same Message-ID won the claim.
        earlier = InboundMessage.objects.filter(message_id=message_id).first()
        if earlier is None:
            return _refuse(
                message_id, mail, raw, TemporaryFailure(_("Please try again later."))
            )
        return Outcome(
            status=earlier.outcome,
            message_id=message_id,
            post_id=earlier.post_id,
            comment_id=earlier.comment_id,
            is_duplicate=True,
        )
    except GatewayError as error:
        if message_id == "sha256:unparsed":
            message_id = build_message_id(raw, "")
        return _refuse(message_id, mail, raw, error)
    except PleinError as error:
        # A product rule said no: forbidden or invisible is about rights,
        # anything else (too long, an empty text, a leak) about the message.
        # A publish check's refusal rolled back with the message: record
        # the attempt now, in its own transaction.
        record_refusal(error)
        cls = NotAllowed if error.status in (403, 404) else MalformedMail
        return _refuse(message_id, mail, raw, cls(str(error.message)))
    except OperationalError:
        logger.exception("Database trouble while receiving %s", message_id)
        return _refuse(
            message_id, mail, raw, TemporaryFailure(_("Please try again later."))
        )
    logger.info(
        "mail %s from %s: %s (post %s, comment %s)",
        outcome.message_id,
        mail.from_address,
        outcome.status,
        outcome.post_id,
        outcome.comment_id,
    )
    return outcome


def _refuse(
    message_id: str, mail: ParsedMail | None, raw: bytes, error: GatewayError
) -> Outcome:
    logger.warning(
        "mail %s from %s refused: %s",
        message_id,
        mail.from_address if mail else "?",
        error.reason,
    )
    _record_rejection(message_id, mail, len(raw), error)
    return Outcome(
        status=Status.REJECTED,
        message_id=message_id,
        reason=error.smtp_reply(),
        smtp_code=error.smtp_code,
        exit_code=error.exit_code,
    )
