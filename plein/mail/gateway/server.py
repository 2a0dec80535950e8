"""The aiosmtpd handler and controller behind ``plein mailgateway``.

The SMTP conversation runs on an asyncio loop in the controller's thread;
each message is handed to ``do_receive_message`` on the handler's worker
threads: one on SQLite (one writer at a time anyway), MAIL_GATEWAY_WORKERS
on PostgreSQL, where messages are written side by side.

Every recipient under MAIL_DOMAIN is accepted at RCPT time, whoever sends:
refusing unknown addresses there, while a secret group's address is
accepted, would tell anyone which secret groups exist. Whether the sender
may use the address is decided with the whole message (DATA), where an
unknown address and a group the sender cannot post to get the same bounce
(``plein.mail.gateway.rules.decide_route``).
"""

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings
from django.db import close_old_connections, connections
from django.db.backends.signals import connection_created

from plein.mail.gateway import rules
from plein.mail.gateway.actions import Outcome, do_receive_message
from plein.mail.gateway.inpath import (
    Downstream,
    Reinjector,
    combine_replies,
    filter_message,
)

logger = logging.getLogger("plein.mail.gateway")
T = TypeVar("T")


def _flush_every_commit(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")


def make_commits_durable() -> None:
    """Flush every SQLite commit to disk in this process before answering.

    The site runs SQLite with ``synchronous=NORMAL``: a power cut may undo
    the last commits, which a web request can afford. A gateway that has
    said "250 OK" (or exited 0 to Postfix) owns the message: the sending
    server deletes its copy, so the post must survive a power cut too.
    PostgreSQL flushes every commit already (``synchronous_commit``).
    """
    connection_created.connect(_flush_every_commit, dispatch_uid="plein-mail-durable")
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _flush_every_commit(None, conn)


def _receive(raw: bytes, envelope_from: str, recipients: list[str]) -> Outcome:
    close_old_connections()
    try:
        return do_receive_message(
            raw, envelope_from=envelope_from, envelope_recipients=recipients
        )
    finally:
        close_old_connections()


def raw_message(envelope: Envelope) -> bytes:
    """The message as received (aiosmtpd keeps it as bytes with decode_data off)."""
    raw = envelope.original_content or b""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogateescape")
    return raw


def gateway_workers() -> int:
    """Threads writing messages: 1 on SQLite, MAIL_GATEWAY_WORKERS elsewhere."""
    if connections["default"].vendor == "sqlite":
        return 1
    return max(1, settings.MAIL_GATEWAY_WORKERS)


class GatewayHandler:
    """aiosmtpd handler: RCPT checks, then one message per DATA."""

    def __init__(self) -> None:
        self.workers = gateway_workers()
        self.executor = ThreadPoolExecutor(
            self.workers, thread_name_prefix="plein-gateway"
        )

    async def _run(self, func: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, func, *args)

    def close(self) -> None:
        """Close the worker thread's database connection and stop the thread."""
        closing = [
            self.executor.submit(connections.close_all) for _ in range(self.workers)
        ]
        for future in closing:
            future.result(timeout=10)
        self.executor.shutdown(wait=True)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if len(envelope.rcpt_tos) >= rules.max_recipients():
            return "452 4.5.3 Too many recipients"
        # No look-up here, not even for our own domain: the answer must not
        # depend on which groups exist (see the module docstring).
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = raw_message(envelope)
        try:
            outcome = await self._run(
                _receive, raw, envelope.mail_from or "", list(envelope.rcpt_tos)
            )
        except Exception:
            # The gateway keeps serving whatever one message does.
            logger.exception("Unexpected error while receiving a message")
            return self._per_recipient(
                server, envelope, "451 4.3.0 Temporary failure, please try again later"
            )
        return self._per_recipient(server, envelope, outcome.smtp_reply())

    @staticmethod
    def _per_recipient(server: SMTP, envelope: Envelope, reply: str) -> str:
        # LMTP answers DATA once per accepted recipient (RFC 2033); the
        # message is handled once, so every recipient gets the same answer.
        if isinstance(server, LMTP):
            return "\r\n".join([reply] * max(1, len(envelope.rcpt_tos)))
        return reply


def _filter(
    reinjector: Reinjector,
    raw: bytes,
    envelope_from: str,
    recipients: list[str],
    mail_options: list[str],
) -> list[str]:
    close_old_connections()
    try:
        return filter_message(
            raw,
            envelope_from=envelope_from,
            recipients=recipients,
            reinjector=reinjector,
            mail_options=mail_options,
        )
    finally:
        close_old_connections()


class FilterHandler(GatewayHandler):
    """In the mail path: every message is handed back for whoever still needs it.

    Postfix's content filter (``plein.mail.gateway.inpath``). Every
    recipient is accepted at RCPT, as Postfix has accepted them already.
    """

    def __init__(self, downstream: Downstream) -> None:
        super().__init__()
        self.reinjector = Reinjector(downstream)

    def close(self) -> None:
        closing = [
            self.executor.submit(self.reinjector.close_thread)
            for _ in range(self.workers)
        ]
        for future in closing:
            future.result(timeout=10)
        super().close()

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = raw_message(envelope)
        recipients = list(envelope.rcpt_tos)
        try:
            replies = await self._run(
                _filter,
                self.reinjector,
                raw,
                envelope.mail_from or "",
                recipients,
                list(envelope.mail_options or []),
            )
        except Exception:
            logger.exception("Unexpected error in the in-path filter")
            replies = ["451 4.3.0 Temporary failure, please try again later"] * len(
                recipients
            )
        if isinstance(server, LMTP):
            # One answer per accepted recipient, in order (RFC 2033).
            return "\r\n".join(replies)
        return combine_replies(replies)


class SharedPortController(Controller):
    """Binds with SO_REUSEPORT, so several gateway processes share one port.

    Python runs one message at a time per process (the GIL); with a few
    processes the kernel spreads connections over them and both cores work.
    """

    def _create_server(self) -> Any:
        return self.loop.create_server(
            self._factory_invoker,
            host=self.hostname,
            port=self.port,
            ssl=self.ssl_context,
            reuse_port=True,
        )


class LMTPController(SharedPortController):
    def factory(self) -> LMTP:
        return LMTP(self.handler, **self.SMTP_kwargs)


def build_controller(
    *,
    host: str | None = None,
    port: int | None = None,
    lmtp: bool = False,
    reinject: tuple[str, int] | None = None,
) -> Controller:
    """A controller ready to ``start()``; the size limit applies while reading.

    With ``reinject`` (host, port) it is the in-path content filter that
    hands mail back to that server; without, the gateway.
    """
    cls = LMTPController if lmtp else SharedPortController
    kwargs: dict[str, Any] = {
        "hostname": host or settings.MAIL_GATEWAY_HOST,
        "port": settings.MAIL_GATEWAY_PORT if port is None else port,
        "data_size_limit": settings.MAIL_MAX_BYTES,
        "enable_SMTPUTF8": True,
        "decode_data": False,
        "ident": "Plein mail gateway",
    }
    if reinject is not None:
        # Postfix's message_size_limit bounds what it hands over; a message
        # too big for a post still has to go through.
        kwargs["data_size_limit"] = None
        handler: GatewayHandler = FilterHandler(Downstream(*reinject))
        return cls(handler, **kwargs)
    return cls(GatewayHandler(), **kwargs)
