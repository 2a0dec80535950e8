"""`plein audit verify`: check that the audit log's hash chain is unbroken."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plein.governance.compliance.audit import verify_chain


class Command(BaseCommand):
    help = "Maintain the compliance audit log (docs/compliance.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser(
            "verify", help="Recompute every hash, in order; exit 1 at the first break."
        )
        verify.add_argument("--chunk-size", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            report = verify_chain(chunk_size=options["chunk_size"])
            if not report.intact:
                raise CommandError(
                    f"Audit log broken at entry {report.broken_id}: it "
                    f"{report.problem} ({report.count} entries before it are intact)."
                )
            self.stdout.write(f"Audit log intact: {report.count} entries")
