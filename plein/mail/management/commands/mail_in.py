"""``plein mail-in < message.eml``: one message from standard input.

For a Postfix pipe transport::

    plein unix - n n - - pipe
      flags=FR user=plein argv=/srv/plein/bin/plein mail-in
      --sender ${sender} --recipient ${recipient}

The exit code follows sysexits.h, which Postfix understands: 0 done,
65 malformed, 67 unknown sender or recipient, 77 not allowed, 75 try
again later. The reason is one line on standard error.
"""

import logging
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from plein.mail.gateway.actions import do_receive_message
from plein.mail.gateway.errors import EX_DATAERR
from plein.mail.gateway.server import make_commits_durable


class Command(BaseCommand):
    help = "Receive one e-mail message from standard input (for a Postfix pipe)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sender", default="", help="The envelope sender.")
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="An envelope recipient; repeat for several.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Postfix puts standard error into the bounce, which must be the one
        # line written below. The refusal is still recorded: in the
        # InboundMessage row, and in Postfix's own log with that line.
        gateway_logger = logging.getLogger("plein.mail.gateway")
        quiet = logging.NullHandler()
        gateway_logger.addHandler(quiet)
        gateway_logger.propagate = False
        try:
            self._receive(options)
        finally:
            gateway_logger.removeHandler(quiet)
            gateway_logger.propagate = True

    def _receive(self, options: dict[str, Any]) -> None:
        # One byte over the limit is enough to know it is too big.
        raw = sys.stdin.buffer.read(settings.MAIL_MAX_BYTES + 1)
        if not raw.strip():
            sys.stderr.write("554 5.6.0 The message is empty.\n")
            sys.exit(EX_DATAERR)
        make_commits_durable()
        outcome = do_receive_message(
            raw,
            envelope_from=options["sender"],
            envelope_recipients=options["recipient"],
        )
        if outcome.exit_code:
            sys.stderr.write(outcome.smtp_reply() + "\n")
            sys.exit(outcome.exit_code)
        self.stdout.write(outcome.smtp_reply())
