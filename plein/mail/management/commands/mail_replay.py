"""``plein mail-replay PATH``: estimate the e-mail reduction from an export."""

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plein.mail.gateway.replay import ReplayResult, replay


class Command(BaseCommand):
    help = (
        "Replay a folder of .eml files or an mbox through the mail gateway rules"
        " and print how many mails and inbox deliveries Plein would save."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--internal-domain",
            action="append",
            default=[],
            help="An e-mail domain of the organisation (repeatable);"
            " default MAIL_INTERNAL_DOMAINS.",
        )
        parser.add_argument(
            "--create-people",
            action="store_true",
            help="Count (with --apply: create) unknown internal addresses as people.",
        )
        parser.add_argument(
            "--apply",
            action="store_true",
            help="Really create the posts and comments (default: a dry run).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        domains = options["internal_domain"] or list(settings.MAIL_INTERNAL_DOMAINS)
        if not domains:
            raise CommandError(
                "Name the organisation's domain: --internal-domain example.com"
            )
        started = time.perf_counter()
        result = replay(
            path,
            internal_domains=domains,
            create_people=options["create_people"],
            apply=options["apply"],
        )
        self.stdout.write(format_result(result, time.perf_counter() - started))


def format_result(result: ReplayResult, seconds: float) -> str:
    f = result.figures
    messages = max(1, f.messages)
    deliveries = max(1, f.deliveries)
    lines = [
        f"Messages:              {f.messages:>8,}",
        f"Converted to posts:    {f.converted:>8,}  ({f.converted_percent:.1f}%)",
        f"Refused:               {f.rejected:>8,}",
        f"Deliveries (To+Cc):    {f.deliveries:>8,}",
        f"Notification e-mails:  {f.emails_sent:>8,}",
        f"Deliveries avoided:    {f.avoided:>8,}  ({f.avoided_percent:.1f}%)",
        "All recipients counted (internal and external, distinct To+Cc):",
        f"  mails to more than the threshold: {result.all_recipients_converted:,}"
        f" ({100 * result.all_recipients_converted / messages:.1f}%),"
        f" carrying {result.all_recipients_deliveries:,} deliveries"
        f" ({100 * result.all_recipients_deliveries / deliveries:.1f}%)",
    ]
    if result.people_created:
        lines.append(f"People created:        {result.people_created:>8,}")
    lines.append(f"Time:                  {seconds:>8.1f} s")
    return "\n".join(lines)
