"""``plein mailgateway``: the SMTP (or LMTP) server that turns mail into posts."""

import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plein.mail.gateway.rules import people_domains
from plein.mail.gateway.server import build_controller, make_commits_durable


class Command(BaseCommand):
    help = "Run the mail gateway: an SMTP/LMTP server on a loopback port."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=None, help="Default: MAIL_GATEWAY_HOST.")
        parser.add_argument(
            "--port", type=int, default=None, help="Default: MAIL_GATEWAY_PORT."
        )
        parser.add_argument(
            "--lmtp", action="store_true", help="Speak LMTP instead of SMTP."
        )
        parser.add_argument(
            "--filter",
            action="store_true",
            help="Run in the mail path as Postfix's content filter (docs/mail.md);"
            " needs --reinject.",
        )
        parser.add_argument(
            "--reinject",
            default=None,
            metavar="HOST:PORT",
            help="Where the filter hands mail back: Postfix's second smtpd.",
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Gateway processes sharing the port (use one per core).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not 1 <= options["processes"] <= 64:
            raise CommandError("--processes must be between 1 and 64.")
        reinject = parse_reinject(options["reinject"]) if options["filter"] else None
        if options["reinject"] and not options["filter"]:
            raise CommandError("--reinject only goes with --filter.")
        children = [
            subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [
                    sys.executable,
                    "-m",
                    "plein.cli",
                    "mailgateway",
                    "--host",
                    options["host"] or settings.MAIL_GATEWAY_HOST,
                    "--port",
                    str(options["port"] or settings.MAIL_GATEWAY_PORT),
                    *(["--lmtp"] if options["lmtp"] else []),
                    *(
                        ["--filter", "--reinject", options["reinject"]]
                        if options["filter"]
                        else []
                    ),
                ]
            )
            for _ in range(options["processes"] - 1)
        ]
        make_commits_durable()
        controller = build_controller(
            host=options["host"],
            port=options["port"],
            lmtp=options["lmtp"],
            reinject=reinject,
        )
        controller.start()
        protocol = "LMTP" if options["lmtp"] else "SMTP"
        role = (
            f"In-path mail filter ({protocol}), handing mail back to"
            f" {options['reinject']},"
            if reinject
            else f"Mail gateway ({protocol})"
        )
        self.stdout.write(
            f"{role} on {controller.hostname}:{controller.port},"
            f" domain {settings.MAIL_DOMAIN}. Ctrl-C stops it."
        )
        self.assumed_domains_warning()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            for child in children:
                child.terminate()
            controller.stop()
            controller.handler.close()
            for child in children:
                child.wait(timeout=10)

    def assumed_domains_warning(self) -> None:
        """Say which mail counts as internal when that was guessed ambiguously."""
        if settings.MAIL_INTERNAL_DOMAINS:
            return
        domains = sorted(people_domains())
        if len(domains) != 1:
            self.stderr.write(
                "MAIL_INTERNAL_DOMAINS is not set: mail to people at "
                + (", ".join(domains) or "no domain yet")
                + " counts as internal (the domains of Plein's people)."
                " Set MAIL_INTERNAL_DOMAINS to choose."
            )


def parse_reinject(value: str | None) -> tuple[str, int]:
    """``HOST:PORT`` of Postfix's second smtpd; CommandError when unusable."""
    if not value:
        raise CommandError(
            "--filter needs --reinject HOST:PORT (Postfix's second smtpd,"
            " e.g. 127.0.0.1:10026)."
        )
    host, _sep, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--reinject must be HOST:PORT, not {value!r}.")
    return host.strip("[]"), int(port)
