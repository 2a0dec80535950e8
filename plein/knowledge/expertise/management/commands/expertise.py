"""``plein expertise rebuild``: recompute the expertise evidence table."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plein.knowledge.expertise.actions import do_rebuild_evidence


class Command(BaseCommand):
    help = "Recompute the expertise evidence from skills, endorsements, answers, wiki pages and posts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument(
            "--person",
            type=int,
            action="append",
            default=None,
            help="Only this person's evidence (by id); may be repeated.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        rows = do_rebuild_evidence(person_ids=options["person"])
        self.stdout.write(
            f"Expertise evidence rebuilt: {rows} rows in "
            f"{time.perf_counter() - started:.1f} s."
        )
