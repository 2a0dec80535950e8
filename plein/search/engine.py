"""Ranking by relevance with an embedded search engine (tantivy).

Ranking every match of a common word in the database costs 100 ms and more
at a million posts: the database must score each match. A search engine
built for top-k (BM25 with block-max WAND) skips what cannot reach the page
and answers in a millisecond or two. The engine only *proposes* candidates:
visibility, filters, boosts and the hits themselves still come from the
database (``plein.search.queries``), so a stale engine can delay or lose a
hit, never show one the reader may not see. See
docs/decisions/0005-ranked-search.md.

The engine keeps a copy of the stemmed text of every search ``Document`` in
a directory of its own (``SEARCH_ENGINE_DIR``), on one machine: installs
with several web machines leave it off and rank in the database.

Keeping it in step:

- whatever writes the database index (``plein.search.index``) also writes
  the document ids into :class:`~plein.search.models.EngineChange`, in the
  same transaction, and :func:`schedule_sync` asks for a sync after commit;
- :func:`do_sync_engine` (a task, and a cron job once a minute as a safety
  net) applies the changes in one writer commit and deletes them; it is
  idempotent, so a crash at any point only repeats work;
- until a complete build exists (``plein search_reindex``, or the first
  sync, which builds it), relevance search ranks in the database.
"""

import logging
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from plein.search.models import Document, EngineChange
from plein.search.text import LANGUAGES, all_stems, stem, stem_text

logger = logging.getLogger(__name__)

COMPLETE_MARKER = "plein-complete"
SYNC_BATCH = 2000
WRITER_HEAP_BYTES = 50_000_000
# A sync asked for within this many seconds of another joins it.
SYNC_COALESCE_SECONDS = 5
TITLE_WEIGHT = 2.0  # as the database ranking weighs titles

_lock = threading.Lock()
_index: Any = None
_index_dir: Path | None = None


def is_enabled() -> bool:
    return bool(settings.SEARCH_ENGINE)


def _directory() -> Path:
    return Path(settings.SEARCH_ENGINE_DIR)


def _schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("doc_id", indexed=True, fast=True)
    # Pre-stemmed text, the same as the database index holds.
    builder.add_text_field("title", tokenizer_name="whitespace")
    builder.add_text_field("body", tokenizer_name="whitespace")
    # The keys of the registered boosts that may apply to the document.
    builder.add_text_field("boosts", tokenizer_name="raw", index_option="basic")
    return builder.build()


def _open() -> Any:
    """The process's handle on the index, opened (or created) once."""
    global _index, _index_dir
    import tantivy

    directory = _directory()
    with _lock:
        if _index is None or _index_dir != directory:
            directory.mkdir(parents=True, exist_ok=True)
            _index = tantivy.Index(_schema(), path=str(directory), reuse=True)
            _index_dir = directory
        return _index


def is_ready() -> bool:
    """Whether relevance search may ask the engine: on, and built completely."""
    return is_enabled() and (_directory() / COMPLETE_MARKER).exists()


def mark_incomplete() -> None:
    """Say the engine no longer holds the whole index: the next sync rebuilds it."""
    (_directory() / COMPLETE_MARKER).unlink(missing_ok=True)
    if is_enabled():
        transaction.on_commit(schedule_sync, robust=True)


# --- Writing -------------------------------------------------------------------


def record_changes(doc_ids: Iterable[int]) -> None:
    """Remember, in the caller's transaction, that these documents changed."""
    if not is_enabled():
        return
    ids = sorted(set(doc_ids))
    if ids:
        EngineChange.objects.bulk_create([EngineChange(document_id=i) for i in ids])
        # Robust: the change is committed and the scheduler's sync every
        # minute catches up; a cache or queue that fails here must not turn
        # the writer's success into an error (a mail answered 451 and sent
        # again, a form posted twice). Django logs the failure.
        transaction.on_commit(schedule_sync, robust=True)


def record_post_changed(post_id: int) -> None:
    """The post's own document changed in a way its text does not show.

    For a boost that starts or stops applying (an answer accepted): the
    engine keeps a flag per document.
    """
    record_changes(
        Document.objects.filter(post_id=post_id, comment__isnull=True).values_list(
            "id", flat=True
        )
    )


def schedule_sync() -> None:
    """Ask the worker for a sync, once for changes that come close together."""
    from plein.search.tasks import sync_search_engine

    if cache.add("plein:search-engine-sync", 1, SYNC_COALESCE_SECONDS):
        sync_search_engine.enqueue()


def _texts(doc_ids: list[int]) -> dict[int, tuple[str, str]]:
    """(stemmed title, stemmed body) of the documents that still exist."""
    if connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(doc_ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid, title, body FROM search_fts WHERE rowid IN ({marks})",  # noqa: S608
                doc_ids,
            )
            return {row[0]: (row[1] or "", row[2] or "") for row in cursor.fetchall()}
    texts = {}
    documents = Document.objects.filter(pk__in=doc_ids).select_related(
        "post", "comment"
    )
    for doc in documents:
        if doc.comment is not None:
            title, body = "", doc.comment.body
        else:
            title, body = doc.post.title, doc.post.body
        texts[doc.pk] = (stem_text(title, doc.language), stem_text(body, doc.language))
    return texts


def _boosted(doc_ids: list[int]) -> dict[int, list[str]]:
    """For each document, the keys of the boosts that may apply to it."""
    from plein.search.kinds import search_boosts

    found: dict[int, list[str]] = {}
    if not doc_ids:
        return found
    marks = ", ".join(["%s"] * len(doc_ids))
    for key, boost in search_boosts.items():
        if not boost.candidates_sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM ({boost.candidates_sql}) b WHERE id IN ({marks})",  # noqa: S608
                doc_ids,
            )
            for (doc_id,) in cursor.fetchall():
                found.setdefault(doc_id, []).append(key)
    return found


def _document(doc_id: int, title: str, body: str, boosts: list[str]) -> Any:
    import tantivy

    document = tantivy.Document()
    document.add_integer("doc_id", doc_id)
    document.add_text("title", title)
    document.add_text("body", body)
    for key in boosts:
        document.add_text("boosts", key)
    return document


def do_sync_engine() -> int:
    """Apply the recorded changes to the engine; return how many were applied.

    Builds the whole index first when no complete build exists. Holds the
    engine's one writer while it works: a second sync at the same moment
    fails to get it and is retried by the task queue.
    """
    if not is_enabled():
        return 0
    # A change recorded from here on asks for a sync of its own.
    cache.delete("plein:search-engine-sync")
    if not is_ready():
        return do_rebuild_engine()
    index = _open()
    writer = index.writer(heap_size=WRITER_HEAP_BYTES, num_threads=1)
    applied = 0
    try:
        while True:
            changes = list(
                EngineChange.objects.order_by("id").values_list("id", "document_id")[
                    :SYNC_BATCH
                ]
            )
            if not changes:
                break
            doc_ids = sorted({doc_id for _id, doc_id in changes})
            texts = _texts(doc_ids)
            boosts = _boosted(list(texts))
            for doc_id in doc_ids:
                writer.delete_documents_by_term("doc_id", doc_id)
                if doc_id in texts:
                    title, body = texts[doc_id]
                    writer.add_document(
                        _document(doc_id, title, body, boosts.get(doc_id, []))
                    )
            writer.commit()
            # Only the changes read: newer ones wait for the next round.
            EngineChange.objects.filter(id__lte=changes[-1][0]).delete()
            applied += len(changes)
    finally:
        writer.wait_merging_threads()
    return applied


def do_rebuild_engine() -> int:
    """Index every search document anew; return how many were written."""
    if not is_enabled():
        return 0
    directory = _directory()
    (directory / COMPLETE_MARKER).unlink(missing_ok=True)
    index = _open()
    writer = index.writer(heap_size=WRITER_HEAP_BYTES * 4, num_threads=1)
    count = 0
    try:
        writer.delete_all_documents()
        # Changes recorded from here on are applied again afterwards.
        last_change = (
            EngineChange.objects.order_by("-id").values_list("id", flat=True).first()
            or 0
        )
        ids = Document.objects.order_by("id").values_list("id", flat=True)
        batch: list[int] = []
        for doc_id in ids.iterator(chunk_size=SYNC_BATCH):
            batch.append(doc_id)
            if len(batch) == SYNC_BATCH:
                count += _add_batch(writer, batch)
                batch = []
        count += _add_batch(writer, batch)
        writer.commit()
        EngineChange.objects.filter(id__lte=last_change).delete()
    finally:
        writer.wait_merging_threads()
    (directory / COMPLETE_MARKER).write_text("built\n")
    logger.info("search engine: %d documents indexed", count)
    return count


def _add_batch(writer: Any, doc_ids: list[int]) -> int:
    if not doc_ids:
        return 0
    texts = _texts(doc_ids)
    boosts = _boosted(list(texts))
    for doc_id, (title, body) in texts.items():
        writer.add_document(_document(doc_id, title, body, boosts.get(doc_id, [])))
    return len(texts)


# --- Reading -------------------------------------------------------------------


def _term_clause(index: Any, term: str) -> Any:
    """A query word: its stem in any language, in the title (weighed more) or body."""
    import tantivy

    schema = index.schema
    variants = []
    for stemmed in sorted(all_stems(term)):
        variants.append(
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(schema, "title", stemmed), TITLE_WEIGHT
                ),
            )
        )
        variants.append(
            (tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", stemmed))
        )
    return tantivy.Query.boolean_query(variants)


def _phrase_clause(index: Any, phrase: tuple[str, ...]) -> Any:
    """A quoted phrase: all its words stemmed in one language, in order."""
    import tantivy

    schema = index.schema
    variants = []
    for stems in sorted({tuple(stem(w, lang) for w in phrase) for lang in LANGUAGES}):
        for field, weight in (("title", TITLE_WEIGHT), ("body", 1.0)):
            query = tantivy.Query.phrase_query(schema, field, list(stems))
            if weight != 1.0:
                query = tantivy.Query.boost_query(query, weight)
            variants.append((tantivy.Occur.Should, query))
    return tantivy.Query.boolean_query(variants)


def _query(index: Any, parsed: Any, *, boosted_only: bool = False) -> Any:
    import tantivy

    clauses = [(tantivy.Occur.Must, _term_clause(index, t)) for t in parsed.terms]
    clauses += [(tantivy.Occur.Must, _phrase_clause(index, p)) for p in parsed.phrases]
    if boosted_only:
        boosts = [
            (
                tantivy.Occur.Should,
                tantivy.Query.term_query(index.schema, "boosts", key),
            )
            for key in _boost_keys()
        ]
        # Only filters: a document's score is its text's alone.
        clauses.append(
            (
                tantivy.Occur.Must,
                tantivy.Query.const_score_query(
                    tantivy.Query.boolean_query(boosts), 0.0
                ),
            )
        )
    return tantivy.Query.boolean_query(clauses)


def _boost_keys() -> list[str]:
    from plein.search.kinds import search_boosts

    return [key for key, boost in search_boosts.items() if boost.candidates_sql]


def top_matches(
    parsed: Any, count: int, *, boosted_only: bool = False
) -> list[tuple[int, float]]:
    """The engine's best ``count`` matches as (document id, score), best first.

    ``boosted_only``: among the documents a registered boost may apply to.
    No visibility here: the caller checks the candidates in the database.
    """
    index = _open()
    index.reload()
    searcher = index.searcher()
    result = searcher.search(
        _query(index, parsed, boosted_only=boosted_only), limit=count, count=False
    )
    addresses = [address for _score, address in result.hits]
    ids = searcher.fast_field_values("doc_id", addresses)
    return [
        (int(doc_id), float(score))
        for (score, _address), doc_id in zip(result.hits, ids, strict=True)
        if doc_id is not None
    ]


def has_boostable_search() -> bool:
    """Whether any registered boost names its candidates (the engine flags them)."""
    return bool(_boost_keys())
