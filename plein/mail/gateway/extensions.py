"""What features may do with mail that reaches the gateway's own addresses.

Two extension points, both filled from a feature's own ``ready()``; the
gateway names no feature.

**Calendar replies.** A reply address names a person and a post
(``plein.mail.addresses``). By default a reply becomes a comment on the
post. A feature whose posts get other kinds of reply registers a handler
here — an event registers one for iTIP replies (a calendar client
accepting an invitation) — and the gateway asks each handler in turn
before making a comment. A handler is called inside the message's
transaction, only after the gateway checked that the mail comes from the
person the address was made for, and only when the mail carries a calendar
part. It answers True when it dealt with the message (no comment is made)
and False to pass; a ``PleinError`` it raises refuses the message like any
other.

**Addresses.** A feature claims an address ``<local_part>@MAIL_DOMAIN``
with ``register_address_handler`` (listening claims ``listen@``: alert
mails and links colleagues forward). Mail with a claimed address among its
recipients goes to that handler, and to nothing else: no post, no comment
(docs/mail.md, "Addresses features claim"). The handler is called inside
the message's transaction, after the gateway's own checks (size, parsing,
the sender's rate, DMARC/SPF), with the parsed mail, the whole message as
the standard library parsed it, and the sender when the From address is a
known, active person (else None: the handler decides who may write to it).
It answers a ``HandledMail`` that the ``InboundMessage`` row records; a
``PleinError`` it raises refuses the message like any other refusal, and
everything it wrote rolls back.
"""

import re
from dataclasses import dataclass
from email.message import Message
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ImproperlyConfigured

from plein.core.registry import Registry

if TYPE_CHECKING:
    from plein.mail.addresses import ReplyTarget
    from plein.mail.gateway.parse import ParsedMail
    from plein.people.models import User


class CalendarReplyHandler(Protocol):
    def __call__(
        self, sender: "User", target: "ReplyTarget", calendar: str
    ) -> bool: ...


calendar_reply_handlers: Registry[CalendarReplyHandler] = Registry(
    "calendar reply handler"
)


def register_calendar_reply_handler(
    name: str, handler: CalendarReplyHandler
) -> CalendarReplyHandler:
    """Let ``handler`` deal with calendar replies sent to reply addresses."""
    return calendar_reply_handlers.register(name, handler)


def run_calendar_reply_handlers(
    sender: "User", target: "ReplyTarget", calendar: str
) -> bool:
    """True when a registered handler dealt with the calendar reply."""
    return any(
        handler(sender, target, calendar)
        for handler in calendar_reply_handlers.values()
    )


# Addresses features claim ---------------------------------------------------


@dataclass(frozen=True)
class HandledMail:
    """What a feature made of a mail to its address, for the gateway's record.

    ``reason`` is kept as the ``InboundMessage``'s reason (at most 300
    characters): what was done, in a few words. ``is_ignored`` says nothing
    was done with an acceptable mail (an automatic reply, say): it is then
    recorded as ordinary mail ("ignored") instead of "handled".
    """

    reason: str
    is_ignored: bool = False


class AddressHandler(Protocol):
    def __call__(
        self, mail: "ParsedMail", message: Message, sender: "User | None"
    ) -> HandledMail: ...


address_handlers: Registry[AddressHandler] = Registry("address handler")

# A local part as mail servers pass it on without quoting, and never one
# that could be a reply address (r-…).
_LOCAL_PART_RE = re.compile(r"[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?")
_REPLY_PREFIX = "r-"


def register_address_handler(
    local_part: str, handler: AddressHandler
) -> AddressHandler:
    """Let ``handler`` take every mail sent to ``<local_part>@MAIL_DOMAIN``.

    The local part is compared without regard to case. One that is not a
    plain address (letters, digits, ``. _ + -``), or that starts like a
    reply address, stops start-up; so does claiming one twice.
    """
    key = local_part.strip().lower()
    if not _LOCAL_PART_RE.fullmatch(key) or key.startswith(_REPLY_PREFIX):
        raise ImproperlyConfigured(
            f"address handler: {local_part!r} cannot be a gateway address"
        )
    return address_handlers.register(key, handler)


def find_address_handler(address: str) -> str | None:
    """The claimed local part of ``address`` (one of the gateway's), or None."""
    local = address.strip().strip("<>").rpartition("@")[0].lower()
    return local if local in address_handlers else None
