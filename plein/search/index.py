"""Keeping the search index in step with posts and comments.

The posts actions call these functions inside their write transaction, so
the index commits or rolls back together with the content. Each post and
each comment is one ``Document``; its text goes to the FTS5 table on SQLite
(pre-stemmed in the post's language) or to the ``search_vector`` column on
PostgreSQL (built with the ``dutch`` or ``english`` configuration).
"""

import heapq
import itertools
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from django.db import connection, transaction

from plein.posts.models import Comment, Post
from plein.search import engine
from plein.search.models import Document
from plein.search.text import stem_text

BATCH_SIZE = 1000


class _Entry(NamedTuple):
    """One document to write: the text and the columns of its row."""

    created_at: Any
    kind: int  # 0 post, 1 comment: posts sort before their own comments
    source_id: int
    post_id: int
    comment_id: int | None
    author_id: int
    group_id: int | None
    language: str
    title: str
    body: str


def _pg_config_sql(alias: str) -> str:
    return (
        f"(CASE {alias}.language WHEN 'en' THEN 'english' ELSE 'dutch' END)::regconfig"
    )


def _write_text(
    entries: list[tuple[int, _Entry]], *, new: bool = False, record: bool = True
) -> None:
    """Store the text of documents (id, entry) in the full-text structure.

    ``new`` says the documents were just created, so there is no old text
    to replace. The search engine hears of them (``record``) unless the
    whole index is being rebuilt.
    """
    if not entries:
        return
    if record:
        engine.record_changes(doc_id for doc_id, _e in entries)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if not new:
                # FTS5 on SQLite 3.40 has no upsert: replace by delete + insert.
                cursor.executemany(
                    "DELETE FROM search_fts WHERE rowid = %s",
                    [(doc_id,) for doc_id, _e in entries],
                )
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                [
                    (
                        doc_id,
                        stem_text(e.title, e.language),
                        stem_text(e.body, e.language),
                    )
                    for doc_id, e in entries
                ],
            )
    elif connection.vendor == "postgresql":
        _vectorize_postgres(
            [doc_id for doc_id, e in entries if e.comment_id is None],
            [doc_id for doc_id, e in entries if e.comment_id is not None],
        )


def _vectorize_postgres(post_doc_ids: list[int], comment_doc_ids: list[int]) -> None:
    # Built from the stored rows, in the same statement for one document or
    # a thousand; the title weighs more (A) than the text (B) in ts_rank.
    config = _pg_config_sql("d")
    post_table, comment_table = Post._meta.db_table, Comment._meta.db_table
    with connection.cursor() as cursor:
        if post_doc_ids:
            cursor.execute(
                f"UPDATE search_document d SET search_vector = "  # noqa: S608 - table names only
                f"setweight(to_tsvector({config}, p.title), 'A') || setweight(to_tsvector({config}, p.body), 'B') "
                f"FROM {post_table} p WHERE d.post_id = p.id AND d.comment_id IS NULL AND d.id = ANY(%s)",
                [post_doc_ids],
            )
        if comment_doc_ids:
            cursor.execute(
                f"UPDATE search_document d SET search_vector = "  # noqa: S608 - table names only
                f"setweight(to_tsvector({config}, c.body), 'B') "
                f"FROM {comment_table} c WHERE d.comment_id = c.id AND d.id = ANY(%s)",
                [comment_doc_ids],
            )


def _delete_text(doc_ids: list[int]) -> None:
    engine.record_changes(doc_ids)
    # On PostgreSQL the vector goes with the row; FTS5 rows stand alone.
    if doc_ids and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM search_fts WHERE rowid = %s", [(i,) for i in doc_ids]
            )


def _create(entry: _Entry) -> Document:
    return Document.objects.create(
        post_id=entry.post_id,
        comment_id=entry.comment_id,
        author_id=entry.author_id,
        group_id=entry.group_id,
        language=entry.language,
        created_at=entry.created_at,
    )


def _upsert(entry: _Entry) -> tuple[Document, bool]:
    """Create or update the entry's document; also say if its language changed.

    An existing document keeps its id, so an edited post keeps its place in
    newest-first order.
    """
    qs = Document.objects.filter(post_id=entry.post_id)
    qs = (
        qs.filter(comment_id=entry.comment_id)
        if entry.comment_id
        else qs.filter(comment__isnull=True)
    )
    doc = qs.first()
    if doc is None:
        return _create(entry), False
    changed = doc.language != entry.language
    doc.language, doc.group_id = entry.language, entry.group_id
    doc.save(update_fields=["language", "group_id"])
    return doc, changed


def _post_entry(post: Post) -> _Entry:
    return _Entry(
        post.created_at,
        0,
        post.pk,
        post.pk,
        None,
        post.author_id,
        post.group_id,
        post.language,
        post.title,
        post.body,
    )


def _comment_entry(comment: Comment, post: Post) -> _Entry:
    return _Entry(
        comment.created_at,
        1,
        comment.pk,
        post.pk,
        comment.pk,
        comment.author_id,
        post.group_id,
        post.language,
        "",
        comment.body,
    )


def index_post(post: Post, *, new: bool = False) -> None:
    """Add or replace the post's document; a deleted post is removed.

    Runs in the caller's transaction. When the post's language changed, its
    comments are re-stemmed too, since they are indexed in that language.
    ``new`` (a post created in this transaction) skips looking for a
    document that cannot exist yet.
    """
    if post.deleted_at is not None:
        unindex_post(post.pk)
        return
    entry = _post_entry(post)
    if new:
        _write_text([(_create(entry).pk, entry)], new=True)
        return
    doc, language_changed = _upsert(entry)
    _write_text([(doc.pk, entry)])
    if language_changed:
        comments = Comment.objects.filter(post=post, deleted_at__isnull=True)
        for comment in comments.iterator(chunk_size=BATCH_SIZE):
            index_comment(comment, post=post)


def unindex_post(post_id: int) -> None:
    """Remove the post and every comment under it from the index."""
    doc_ids = list(
        Document.objects.filter(post_id=post_id).values_list("id", flat=True)
    )
    _delete_text(doc_ids)
    Document.objects.filter(id__in=doc_ids).delete()


def index_comment(
    comment: Comment, *, post: Post | None = None, new: bool = False
) -> None:
    """Add or replace the comment's document, in its post's language and group.

    A deleted comment, or one under a deleted post, is removed instead.
    ``new`` as for :func:`index_post`.
    """
    post = post if post is not None else comment.post
    if comment.deleted_at is not None or post.deleted_at is not None:
        unindex_comment(comment.pk)
        return
    entry = _comment_entry(comment, post)
    if new:
        _write_text([(_create(entry).pk, entry)], new=True)
        return
    doc, _changed = _upsert(entry)
    _write_text([(doc.pk, entry)])


def unindex_comment(comment_id: int) -> None:
    """Remove one comment from the index."""
    doc_ids = list(
        Document.objects.filter(comment_id=comment_id).values_list("id", flat=True)
    )
    _delete_text(doc_ids)
    Document.objects.filter(id__in=doc_ids).delete()


def _post_entries() -> Iterator[_Entry]:
    rows = (
        Post.objects.alive()
        .order_by("created_at", "id")
        .values_list(
            "created_at", "id", "author_id", "group_id", "language", "title", "body"
        )
    )
    for created_at, pk, author_id, group_id, language, title, body in rows.iterator(
        chunk_size=BATCH_SIZE
    ):
        yield _Entry(
            created_at, 0, pk, pk, None, author_id, group_id, language, title, body
        )


def _comment_entries() -> Iterator[_Entry]:
    rows = (
        Comment.objects.filter(deleted_at__isnull=True, post__deleted_at__isnull=True)
        .order_by("created_at", "id")
        .values_list(
            "created_at",
            "id",
            "post_id",
            "author_id",
            "post__group_id",
            "post__language",
            "body",
        )
    )
    for created_at, pk, post_id, author_id, group_id, language, body in rows.iterator(
        chunk_size=BATCH_SIZE
    ):
        yield _Entry(
            created_at, 1, pk, post_id, pk, author_id, group_id, language, "", body
        )


def _write_batch(batch: Iterable[_Entry]) -> int:
    entries = list(batch)
    docs = Document.objects.bulk_create(
        Document(
            post_id=e.post_id,
            comment_id=e.comment_id,
            author_id=e.author_id,
            group_id=e.group_id,
            language=e.language,
            created_at=e.created_at,
        )
        for e in entries
    )
    _write_text(
        [(doc.pk, e) for doc, e in zip(docs, entries, strict=True)], record=False
    )
    return len(entries)


def rebuild_index() -> int:
    """Index every live post and comment from scratch; return the count.

    Documents are inserted in creation order, so their ids (and newest-first
    search) follow ``created_at`` even for imported, back-dated content. Runs
    in one transaction: searches see the old index until it commits. The
    search engine is rebuilt after it (the documents have new ids).
    """
    count = 0
    with transaction.atomic():
        # Rank in the database until the engine has the new documents.
        engine.mark_incomplete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_fts")
        Document.objects.all().delete()
        merged = heapq.merge(
            _post_entries(),
            _comment_entries(),
            key=lambda e: (e.created_at, e.kind, e.source_id),
        )
        for batch in itertools.batched(merged, BATCH_SIZE):
            count += _write_batch(batch)
    return count
