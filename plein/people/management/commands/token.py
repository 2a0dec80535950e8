from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from plein.people.actions import do_create_api_token
from plein.people.models import User


class Command(BaseCommand):
    help = "Create a personal API token: plein token create EMAIL [--name NAME]."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("verb", choices=["create"])
        parser.add_argument("email")
        parser.add_argument("--name", default="CLI")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"Nobody has the e-mail address {options['email']}.")
        if not user.is_active:
            raise CommandError(f"{user.email} is deactivated; a token would not work.")
        _token, raw = do_create_api_token(user, name=options["name"])
        self.stdout.write(raw)
