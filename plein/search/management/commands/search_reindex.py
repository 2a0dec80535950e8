from typing import Any

from django.core.management.base import BaseCommand

from plein.search.index import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the search indexes: posts and comments, and wiki pages."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(f"Indexed {count} documents.")
        # The wiki keeps its own index (plein.knowledge.wiki.search).
        from plein.knowledge.wiki.search import rebuild_wiki_index

        self.stdout.write(f"Indexed {rebuild_wiki_index()} wiki pages.")
