import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from plein.access.roles import Role
from plein.core.errors import PleinError
from plein.people.actions import do_create_person


class Command(BaseCommand):
    help = "Create an organisation administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--password", help="prompted for when omitted")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"]
        if not password:
            if not sys.stdin.isatty():
                raise CommandError(
                    "Give --password or run in a terminal to be prompted."
                )
            password = getpass.getpass("Password: ")
        if len(password) < 10:
            raise CommandError("The password must be at least 10 characters.")
        name = options["name"] or options["email"].split("@")[0]
        try:
            with transaction.atomic():
                user = do_create_person(
                    email=options["email"],
                    full_name=name,
                    password=password,
                    role=Role.ADMIN,
                )
        except PleinError as exc:
            raise CommandError(
                f"{exc.field}: {exc.message}" if exc.field else str(exc.message)
            ) from None
        self.stdout.write(f"Administrator {user.email} created.")
