from typing import Any

from django.core.management.base import BaseCommand

from plein.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search index from every live post and comment."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(f"Indexed {count} documents.")
