"""What features may do with mail that reaches a reply address.

A reply address names a person and a post (``plein.mail.addresses``). By
default a reply becomes a comment on the post. A feature whose posts get
other kinds of reply registers a handler here from its own ``ready()`` — an
event registers one for iTIP replies (a calendar client accepting an
invitation) — and the gateway, which names no feature, asks each handler
in turn before making a comment.

A handler is called inside the message's transaction, only after the
gateway checked that the mail comes from the person the address was made
for, and only when the mail carries a calendar part. It answers True when
it dealt with the message (no comment is made) and False to pass; a
``PleinError`` it raises refuses the message like any other.
"""

from typing import TYPE_CHECKING, Protocol

from plein.core.registry import Registry

if TYPE_CHECKING:
    from plein.mail.addresses import ReplyTarget
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
