"""``plein demo``: load the Zuiderhaven demo organisation into an empty database."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from plein.demo import content
from plein.demo.builder import build_demo, demo_logins


class Command(BaseCommand):
    help = "Load a lived-in demo organisation (only when nobody exists yet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Random seed (the demo is deterministic).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        summary = build_demo(seed=options["seed"], log=self._log)
        if summary is None:
            self.stdout.write(
                "Demo organisation already present (the database has people); nothing loaded."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"{content.ORG_NAME} loaded in {time.perf_counter() - started:.1f} s: {summary.people} people, "
                f"{summary.groups} groups, {summary.posts} posts, {summary.comments} comments, "
                f"{summary.reactions} reactions, {summary.follows} follows."
            )
        )
        self.stdout.write(
            f"\nDemo log-ins (every demo person has the password '{content.PASSWORD}'):"
        )
        for email, what in demo_logins():
            self.stdout.write(f"  {email:<45} {what}")
        self.stdout.write(
            f"  …and every other person as <first.last>@{content.DOMAIN}, e.g. jeroen.bos@{content.DOMAIN}"
        )

    def _log(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()
