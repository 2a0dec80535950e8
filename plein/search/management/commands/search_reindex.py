from typing import Any

from django.core.management.base import BaseCommand

from plein.search.engine import do_rebuild_engine, is_enabled
from plein.search.index import rebuild_index
from plein.search.kinds import search_kinds


class Command(BaseCommand):
    help = "Rebuild the search indexes: posts and comments, and every kind's own."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Indexed {rebuild_index()} documents.")
        if is_enabled():
            self.stdout.write(f"Search engine: {do_rebuild_engine()} documents.")
        for kind in search_kinds.values():
            if kind.rebuild is not None:
                self.stdout.write(f"Indexed {kind.rebuild()} {kind.key}.")
