"""Plein in the mail path: a Postfix after-queue content filter.

Postfix hands every message to ``plein mailgateway --filter`` (LMTP or
SMTP) before delivering it. The filter runs the message through the
gateway (``do_receive_message``) and then hands it back, byte for byte,
to Postfix's second smtpd for the recipients who still need it
(docs/mail.md, "In the mail path"):

- a mail that became a post or a comment: everyone except the colleagues
  who can now read it in Plein (external and unknown addresses, Bcc
  colleagues, and colleagues who cannot read the post still get it);
- anything else, from anyone: every recipient, unchanged. Mail from
  outside senders is never bounced for being from outside;
- a refused post (leak prevention, guidelines): every recipient, and the
  sender hears why;
- trouble in Plein (database down, a bug): every recipient, unchanged.

Only a failure to hand the mail back answers "try again" (4xx), so Postfix
keeps it queued: nothing is dropped. Recipients handed back are remembered
(``Reinjection``), so when Postfix repeats a delivery whose answer it did
not hear, nobody gets the mail twice.
"""

import hashlib
import logging
import smtplib
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.db.models import F

from plein.core.tasks import enqueue_on_commit
from plein.mail.gateway import rules
from plein.mail.gateway.actions import Outcome, do_receive_message
from plein.mail.gateway.errors import GatewayError
from plein.mail.gateway.parse import ParsedMail, parse_message
from plein.mail.models import InboundMessage, Reinjection

logger = logging.getLogger("plein.mail.gateway")

DELIVERED_IN_PLEIN = "250 2.1.5 Delivered as a post in Plein"
DELIVERED = "250 2.0.0 Delivered"
TRY_AGAIN = "451 4.4.1 Could not hand the message back to the mail server"
# The options of MAIL FROM that must travel with the message.
_KEPT_MAIL_OPTIONS = ("SMTPUTF8", "BODY=")


def reinjection_key(message_id: str, recipient: str) -> str:
    return hashlib.sha256(f"{message_id}\0{recipient.lower()}".encode()).hexdigest()


@dataclass(frozen=True)
class Downstream:
    """Postfix's second smtpd, which delivers without filtering again."""

    host: str
    port: int
    timeout: float = 30.0


class Reinjector:
    """Hands messages back over SMTP, one kept connection per worker thread."""

    def __init__(self, downstream: Downstream) -> None:
        self.downstream = downstream
        self._local = threading.local()

    @property
    def delivered(self) -> list[str]:
        """Who the last ``send`` in this thread handed the message back for."""
        return list(getattr(self._local, "delivered", []))

    @delivered.setter
    def delivered(self, recipients: list[str]) -> None:
        self._local.delivered = recipients

    def _client(self, *, fresh: bool = False) -> smtplib.SMTP:
        client: smtplib.SMTP | None = getattr(self._local, "client", None)
        if client is not None and not fresh:
            return client
        self.close_thread()
        client = smtplib.SMTP(
            self.downstream.host,
            self.downstream.port,
            local_hostname="plein-filter",
            timeout=self.downstream.timeout,
        )
        self._local.client = client
        return client

    def _sendmail(
        self, envelope_from: str, recipients: list[str], raw: bytes, options: list[str]
    ) -> dict[str, tuple[int, bytes]]:
        # A kept connection the server closed meanwhile fails before any
        # recipient got the message: connect again and send once more.
        try:
            return self._client().sendmail(
                envelope_from, recipients, raw, mail_options=options
            )
        except (smtplib.SMTPServerDisconnected, ConnectionError):
            return self._client(fresh=True).sendmail(
                envelope_from, recipients, raw, mail_options=options
            )

    def close_thread(self) -> None:
        client = getattr(self._local, "client", None)
        self._local.client = None
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()

    def send(
        self,
        raw: bytes,
        *,
        envelope_from: str,
        recipients: list[str],
        message_id: str,
        mail_options: Iterable[str] = (),
    ) -> dict[str, str]:
        """Hand ``raw`` back for ``recipients``; the SMTP answer per recipient."""
        self.delivered = []
        if not recipients:
            return {}
        todo = _not_yet_reinjected(message_id, recipients)
        replies = {r: DELIVERED for r in recipients if r not in todo}
        if not todo:
            return replies
        options = [o for o in mail_options if o.upper().startswith(_KEPT_MAIL_OPTIONS)]
        try:
            refused = self._sendmail(envelope_from, todo, raw, options)
        except smtplib.SMTPRecipientsRefused as error:
            refused = error.recipients
        except smtplib.SMTPResponseException as error:
            # The sender or the data refused: for everyone alike.
            self.close_thread()
            code = error.smtp_code if error.smtp_code >= 500 else 451
            text = _text(error.smtp_error)
            return {**replies, **dict.fromkeys(todo, f"{code} {text}")}
        except (smtplib.SMTPException, OSError):
            logger.exception("could not re-inject %s", message_id)
            self.close_thread()
            return {**replies, **dict.fromkeys(todo, TRY_AGAIN)}
        delivered = [r for r in todo if r not in refused]
        self.delivered = delivered
        for recipient, (code, answer) in refused.items():
            replies[recipient] = f"{code} {_text(answer)}"
        replies.update(dict.fromkeys(delivered, DELIVERED))
        return replies


def _text(answer: bytes | str) -> str:
    if isinstance(answer, bytes):
        answer = answer.decode("utf-8", "replace")
    return " ".join(answer.split())


def _not_yet_reinjected(message_id: str, recipients: list[str]) -> list[str]:
    keys = {reinjection_key(message_id, r): r for r in recipients}
    try:
        done = set(
            Reinjection.objects.filter(key__in=list(keys)).values_list("key", flat=True)
        )
    except DatabaseError:
        # Without the database nothing can be remembered: deliver anyway.
        logger.exception("could not read re-injections of %s", message_id)
        return list(recipients)
    return [r for key, r in keys.items() if key not in done]


def remember(message_id: str, delivered: list[str], reached: set[str]) -> None:
    """Remember who got the message back and who read it in Plein, in one commit.

    Recipients handed back are not handed back again when Postfix repeats
    the delivery; those reached in Plein are counted once for the report
    (``removed_deliveries``), also over a split or repeated delivery.
    """
    if not delivered and not reached:
        return
    in_plein = {reinjection_key(f"in-plein\0{message_id}", r) for r in reached}
    try:
        with transaction.atomic():
            known = set(
                Reinjection.objects.filter(key__in=list(in_plein)).values_list(
                    "key", flat=True
                )
            )
            new = in_plein - known
            keys = new | {reinjection_key(message_id, r) for r in delivered}
            Reinjection.objects.bulk_create(
                [Reinjection(key=k) for k in keys], ignore_conflicts=True
            )
            if new:
                InboundMessage.objects.filter(message_id=message_id).update(
                    removed_deliveries=F("removed_deliveries") + len(new)
                )
    except DatabaseError:
        logger.exception("could not remember the delivery of %s", message_id)


def reached_in_plein(
    outcome: Outcome, mail: ParsedMail, recipients: list[str]
) -> set[str]:
    """The recipients (lower case) who can now read the mail in Plein.

    Those named in To or Cc of a mail that became a post or a comment, who
    are people of the organisation and may read the post now: not a Bcc
    recipient (not part of the conversation), not someone who cannot see
    the post, not the readers of a post held for review.
    """
    from plein.access.posts import readers_among
    from plein.posts.models import Post

    if outcome.post_id is None or outcome.status not in (
        InboundMessage.Outcome.POSTED,
        InboundMessage.Outcome.COMMENTED,
    ):
        return set()
    named = {a.lower() for a in mail.recipients}
    wanted = [r.lower() for r in recipients if r.lower() in named]
    people = rules.people_by_address(wanted)
    post = Post.objects.filter(pk=outcome.post_id).select_related("group").first()
    if post is None or not people:
        return set()
    can_read = readers_among(post, {p.pk for p in people.values()})
    return {address for address, p in people.items() if p.pk in can_read}


def filter_message(
    raw: bytes,
    *,
    envelope_from: str,
    recipients: list[str],
    reinjector: Reinjector,
    mail_options: Iterable[str] = (),
) -> list[str]:
    """Handle one message in the mail path; the answer per envelope recipient."""
    ours = [r for r in recipients if rules.is_gateway_address(r)]
    others = [r for r in recipients if not rules.is_gateway_address(r)]
    outcome: Outcome | None = None
    reached: set[str] = set()
    mail = _parse(raw)
    if mail is not None and mail.auto_submitted and not ours:
        # Plein's own e-mails, out-of-office replies, bounces: straight
        # through, and not counted as the organisation's mail.
        return _pass_through(raw, envelope_from, recipients, reinjector, mail_options)
    try:
        outcome = do_receive_message(
            raw,
            envelope_from=envelope_from,
            envelope_recipients=recipients,
            parsed=mail,
        )
        if mail is not None and outcome.smtp_code < 400 and outcome.post_id:
            reached = reached_in_plein(outcome, mail, others)
        elif outcome.smtp_code >= 500 and others and _was_for_plein(raw, mail):
            _tell_sender(outcome.message_id)
    except Exception:
        # Whatever went wrong in Plein, the mail itself goes through.
        logger.exception("in-path filter: passing a message through unchanged")
        outcome = None
    message_id = outcome.message_id if outcome else _fallback_id(raw)
    replies: dict[str, str] = {}
    for address in ours:
        if outcome is None:
            replies[address] = TRY_AGAIN
        elif outcome.smtp_code >= 400:
            replies[address] = outcome.reason
        else:
            replies[address] = DELIVERED_IN_PLEIN
    keep = [r for r in others if r.lower() not in reached]
    replies.update({r: DELIVERED_IN_PLEIN for r in others if r.lower() in reached})
    replies.update(
        reinjector.send(
            raw,
            envelope_from=envelope_from,
            recipients=keep,
            message_id=message_id,
            mail_options=mail_options,
        )
    )
    remember(message_id, reinjector.delivered, reached)
    if reached:
        logger.info(
            "mail %s: %d recipients reached in Plein, %d handed back",
            message_id,
            len(reached),
            len(keep),
        )
    return [replies[r] for r in recipients]


def _pass_through(
    raw: bytes,
    envelope_from: str,
    recipients: list[str],
    reinjector: Reinjector,
    mail_options: Iterable[str],
) -> list[str]:
    message_id = _fallback_id(raw)
    replies = reinjector.send(
        raw,
        envelope_from=envelope_from,
        recipients=recipients,
        message_id=message_id,
        mail_options=mail_options,
    )
    remember(message_id, reinjector.delivered, set())
    return [replies[r] for r in recipients]


def _parse(raw: bytes) -> ParsedMail | None:
    """The message parsed once for the whole filter; None when it cannot be."""
    from django.conf import settings

    if len(raw) > settings.MAIL_MAX_BYTES:
        return None
    try:
        return parse_message(raw)
    except GatewayError:
        return None


def _was_for_plein(raw: bytes, mail: ParsedMail | None) -> bool:
    """Whether a refused mail was one that would have become a post.

    Only then is its sender told why it is not: a mail that was never
    going to be a post (too big, to two colleagues) goes its way quietly.
    """
    from django.conf import settings

    if mail is None:
        return False
    people = rules.people_by_address(mail.recipients)
    people.pop(mail.from_address, None)
    return len(people) > settings.MAIL_POST_THRESHOLD


def _fallback_id(raw: bytes) -> str:
    from plein.mail.gateway.parse import build_message_id

    return build_message_id(raw, "")


def _tell_sender(message_id: str) -> None:
    """The mail was delivered as mail; tell the sender why it is no post."""
    from plein.mail.tasks import send_refusal_notice

    try:
        with transaction.atomic():
            enqueue_on_commit(send_refusal_notice, message_id=message_id)
    except DatabaseError:
        logger.exception("could not tell the sender of %s", message_id)


def combine_replies(replies: list[str]) -> str:
    """One SMTP answer for all recipients: try again if any must be retried.

    For SMTP, where DATA gets one answer. A permanent refusal for some
    recipients only cannot be said in SMTP: it is logged (use LMTP, which
    answers per recipient).
    """
    temporary = [r for r in replies if r.startswith("4")]
    if temporary:
        return temporary[0]
    permanent = [r for r in replies if r.startswith("5")]
    if permanent and len(permanent) == len(replies):
        return permanent[0]
    if permanent:
        logger.warning("in-path filter: some recipients refused: %s", permanent)
    return "250 2.0.0 OK"
