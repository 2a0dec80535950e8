from typing import Any

from django.core.management.base import BaseCommand

from plein.search.index import rebuild_index
from plein.search.kinds import search_kinds


class Command(BaseCommand):
    help = "Rebuild the search indexes: posts and comments, and every kind's own."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Indexed {rebuild_index()} documents.")
        for kind in search_kinds.values():
            if kind.rebuild is not None:
                self.stdout.write(f"Indexed {kind.rebuild()} {kind.key}.")
