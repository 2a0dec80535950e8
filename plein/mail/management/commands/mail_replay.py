"""``plein mail-replay PATH``: measure the e-mail reduction on an export."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from plein.mail import reduction
from plein.mail.gateway.replay import ReplayResult, replay

ASSUMPTION_LABELS = {
    reduction.READS_IN_PLEIN: "readers open Plein daily",
    reduction.NOBODY_OPENS_PLEIN: "nobody opens Plein (worst case)",
}


class Command(BaseCommand):
    help = (
        "Replay a folder of .eml files, a folder of maildirs (one per person)"
        " or an mbox through the mail gateway and print how many inbox"
        " deliveries Plein removes, how many e-mails it sends itself, and the net."
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
            help="Keep the posts and comments (default: a dry run, rolled back).",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the figures as one JSON object."
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
        result = replay(
            path,
            internal_domains=domains,
            create_people=options["create_people"],
            apply=options["apply"],
            log=None if options["json"] else self.stderr.write,
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2, sort_keys=True))
        else:
            self.stdout.write(format_result(result))


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def format_result(result: ReplayResult) -> str:
    total = result.total
    gross = total.deliveries_removed
    lines = [
        f"Messages:                    {total.messages:>8,}"
        f"  ({result.duplicates:,} duplicates counted once,"
        f" {result.unreadable:,} unreadable)",
        f"Converted to posts/comments: {total.converted:>8,}"
        f"  ({_percent(total.converted, total.messages)})",
        f"Refused (delivered as mail): {result.refused:>8,}",
        f"Deliveries (To+Cc):          {total.deliveries:>8,}",
        f"Deliveries removed (gross):  {gross:>8,}"
        f"  ({_percent(gross, total.deliveries)} of all deliveries)",
    ]
    net = total.net_removed()
    for assumption, label in ASSUMPTION_LABELS.items():
        mails = total.plein_mails[assumption]
        kinds = ", ".join(f"{mails[k]:,} {k}" for k in reduction.MAIL_KINDS)
        lines += [
            f"If {label}:",
            f"  Plein's own e-mails:       {mails['total']:>8,}  ({kinds})",
            f"  Net deliveries removed:    {net[assumption]:>8,}"
            f"  ({_percent(net[assumption], total.deliveries)} of all deliveries,"
            f" {_percent(net[assumption], gross)} of gross)",
        ]
    missed = result.readers_not_reached
    lines.append(
        f"Readers not reached in Plein (still get the mail): {missed['total']:,}"
        f" ({missed['unknown_address']:,} without an account,"
        f" {missed['malformed_address']:,} malformed,"
        f" {missed['held_for_review']:,} held for review,"
        f" {missed['cannot_read']:,} who cannot read the post)"
    )
    inboxes = result.inboxes
    if inboxes.get("count"):
        scope = (
            "complete inboxes (a maildir per person)"
            if inboxes["scope"] == "maildir"
            else "inboxes of people in the export"
        )
        lines.append(f"Per inbox, {inboxes['count']:,} {scope}:")
        for assumption, label in ASSUMPTION_LABELS.items():
            lines.append(
                f"  {label}: {inboxes['before']:,} mails before,"
                f" {inboxes['after'][assumption]:,} after;"
                f" median reduction {inboxes['median_reduction_percent'][assumption]}%;"
                f" {inboxes['more_mail_than_before'][assumption]:,} inboxes get more"
            )
    lines.append(
        "All recipients counted (internal and external, distinct To+Cc):"
        f" mails to more than the threshold: {result.all_recipients_converted:,}"
        f" ({_percent(result.all_recipients_converted, total.messages)}),"
        f" carrying {result.all_recipients_deliveries:,} deliveries"
        f" ({_percent(result.all_recipients_deliveries, total.deliveries)})"
    )
    if result.people_created:
        lines.append(f"People created:              {result.people_created:>8,}")
    lines.append(
        ("Applied" if result.applied else "Dry run, nothing kept")
        + f" in {result.seconds:.1f} s"
    )
    return "\n".join(lines)
