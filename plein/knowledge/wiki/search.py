"""The wiki's own search index, kept in step by the wiki actions.

Like the posts index (plein.search), the text lives in a database-specific
structure: the FTS5 table ``wiki_fts`` on SQLite (rowid = page id, text
pre-stemmed in the page's language) and ``PageIndex.search_vector`` on
PostgreSQL (built with the ``dutch`` or ``english`` configuration). Every
function runs in the caller's transaction, so the index commits or rolls
back with the page.
"""

from django.db import connection, transaction

from plein.knowledge.wiki.models import Page, PageIndex
from plein.search.text import stem_text

BATCH_SIZE = 500


def _write_sqlite(pages: list[Page], *, replace: bool) -> None:
    with connection.cursor() as cursor:
        if replace:
            # FTS5 has no upsert: replace by delete + insert.
            cursor.executemany(
                "DELETE FROM wiki_fts WHERE rowid = %s", [(p.pk,) for p in pages]
            )
        cursor.executemany(
            "INSERT INTO wiki_fts (rowid, title, body) VALUES (%s, %s, %s)",
            [
                (p.pk, stem_text(p.title, p.language), stem_text(p.body, p.language))
                for p in pages
            ],
        )


def _write_postgres(page_ids: list[int]) -> None:
    # Built from the stored rows; the title weighs more (A) than the text.
    config = "(CASE p.language WHEN 'en' THEN 'english' ELSE 'dutch' END)::regconfig"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE wiki_pageindex i SET search_vector = "  # noqa: S608 - fixed SQL
            f"setweight(to_tsvector({config}, p.title), 'A') || "
            f"setweight(to_tsvector({config}, p.body), 'B') "
            "FROM wiki_page p WHERE i.page_id = p.id AND p.id = ANY(%s)",
            [page_ids],
        )


def index_page(page: Page) -> None:
    """Add or replace the page's entry; a deleted page is removed instead."""
    if page.deleted_at is not None:
        unindex_page(page.pk)
        return
    _entry, created = PageIndex.objects.update_or_create(
        page_id=page.pk, defaults={"language": page.language}
    )
    if connection.vendor == "sqlite":
        _write_sqlite([page], replace=not created)
    elif connection.vendor == "postgresql":
        _write_postgres([page.pk])


def unindex_page(page_id: int) -> None:
    """Remove the page from the index (nothing happens if it is not there)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM wiki_fts WHERE rowid = %s", [page_id])
    PageIndex.objects.filter(page_id=page_id).delete()


def rebuild_wiki_index() -> int:
    """Index every live page from scratch and return the count.

    One transaction: searches see the old index until it commits.
    """
    count = 0
    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM wiki_fts")
        PageIndex.objects.all().delete()
        pages = Page.objects.filter(deleted_at__isnull=True).order_by("pk")
        batch: list[Page] = []
        for page in pages.iterator(chunk_size=BATCH_SIZE):
            batch.append(page)
            if len(batch) == BATCH_SIZE:
                count += _write_batch(batch)
                batch = []
        count += _write_batch(batch)
    return count


def _write_batch(pages: list[Page]) -> int:
    if not pages:
        return 0
    PageIndex.objects.bulk_create(
        PageIndex(page_id=p.pk, language=p.language) for p in pages
    )
    if connection.vendor == "sqlite":
        _write_sqlite(pages, replace=False)
    elif connection.vendor == "postgresql":
        _write_postgres([p.pk for p in pages])
    return len(pages)
