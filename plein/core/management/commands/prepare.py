"""``plein prepare``: bring the database up to date, in one process.

``make run`` calls it before every start: applying migrations, creating the
cache table and (``--demo``) loading the demo into an empty database are each
quick when there is nothing to do, but a Django process apiece cost seconds
on a small machine.
"""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Migrate, create the cache table and, with --demo, load the demo "
        "organisation when nobody exists yet."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo",
            action="store_true",
            help="load the demo organisation into an empty database (plein demo)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        if options["demo"]:
            # By name: the core knows no domain app (plein.demo registers it).
            call_command("demo", stdout=self.stdout, stderr=self.stderr)
