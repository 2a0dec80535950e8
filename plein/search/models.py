"""The search index: one Document per post and per comment.

The text itself lives in a database-specific structure next to the
Document row: an FTS5 table on SQLite (``FtsEntry``, created by a migration
that only runs there) and the ``search_vector`` column on PostgreSQL.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorExact
from django.db import models
from django.db.models import Lookup


class TsVectorField(models.Field):
    """A ``tsvector`` on PostgreSQL and an unused text column elsewhere.

    Django's SearchVectorField would demand ``django.contrib.postgres`` in
    INSTALLED_APPS and a ``tsvector`` type on every database; this keeps one
    migration valid for both.
    """

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


TsVectorField.register_lookup(SearchVectorExact)


class Document(models.Model):
    """A searchable post or comment.

    The id grows with creation time (``rebuild_index`` inserts in that order
    and live indexing follows the order of writes), which lets newest-first
    search walk the index backwards by id and stop after one page.
    """

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="+")
    # Null for the post's own text; set for a comment under it.
    comment = models.ForeignKey(
        "posts.Comment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # A copy of the post's group, so the group filter needs no join.
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    language = models.CharField(max_length=5)
    created_at = models.DateTimeField()
    # PostgreSQL only (GIN-indexed there); always null on SQLite.
    search_vector = TsVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=models.Q(comment__isnull=True),
                name="search_document_one_per_post",
            ),
            models.UniqueConstraint(
                fields=["comment"], name="search_document_one_per_comment"
            ),
        ]
        indexes = [
            models.Index(fields=["author", "-id"], name="search_document_author"),
            models.Index(fields=["group", "-id"], name="search_document_group"),
        ]

    def __str__(self) -> str:
        if self.comment_id:
            return f"comment {self.comment_id} on post {self.post_id}"
        return f"post {self.post_id}"


class FtsMatchField(models.TextField):
    """The hidden column FTS5 names after its table; ``__match`` queries it."""


@FtsMatchField.register_lookup
class FtsMatch(Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class FtsEntry(models.Model):
    """A row of the SQLite FTS5 table ``search_fts`` (rowid = Document.id).

    Unmanaged: the virtual table is created by the migration on SQLite only.
    Mapping it lets the ORM join it to documents, posts and groups, so the
    visibility filter from ``plein.access`` applies unchanged.
    """

    document = models.OneToOneField(
        Document,
        primary_key=True,
        db_column="rowid",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    title = models.TextField()
    body = models.TextField()
    search_fts = FtsMatchField(db_column="search_fts")

    class Meta:
        managed = False
        db_table = "search_fts"

    def __str__(self) -> str:
        return str(self.document_id)


class EngineChange(models.Model):
    """A search document whose text the search engine has yet to take in.

    Written in the same transaction as the database index, deleted once
    the engine has it (``plein.search.engine.do_sync_engine``). A document
    that no longer exists is removed from the engine.
    """

    document_id = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.document_id)
