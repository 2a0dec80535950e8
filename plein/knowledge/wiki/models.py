from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from plein.search.models import TsVectorField


class Page(models.Model):
    """A wiki page, organisation-wide (no group) or in a group's wiki.

    A group's pages follow the group's visibility (plein.access.wiki). The
    text of every version lives in ``Revision``; the page holds the current
    one, numbered ``revision`` (the base an editor must name to save).
    """

    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wiki_pages",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=True)
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    revision = models.PositiveIntegerField(default=1)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    last_verified_at = models.DateTimeField(null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Guessed from the text (plein.core.language), for stemming in search.
    language = models.CharField(max_length=5, default="nl")
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "slug"], name="wiki_page_slug_in_group"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(group__isnull=True),
                name="wiki_page_slug_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Revision(models.Model):
    """One saved version of a page: who changed what, and when.

    ``group`` is the wiki the version was written in (None: the
    organisation's). A page moved to another wiki keeps its history, but a
    version is only shown to those who may read the page now *and* the wiki
    it was written for (``plein.access.wiki.visible_revisions``).
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="revisions")
    # PROTECT, never SET_NULL: a null would hand the version to the
    # organisation's wiki, a far wider audience than it was written for.
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "number"], name="wiki_revision_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.page_id}@{self.number}"


class PageLink(models.Model):
    """A ``[[Title]]`` link from one page to another in the same wiki.

    ``target`` is null while no page of that title exists; creating one
    later fills it in (see ``plein.knowledge.wiki.links``).
    """

    source = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="links")
    target = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="backlinks",
    )
    target_title = models.CharField(max_length=200)
    # The slug the title resolves to, so a later page is found by it.
    target_slug = models.SlugField(max_length=200, allow_unicode=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target_slug"], name="wiki_link_once_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["target_slug"], name="wiki_link_target_slug"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} -> {self.target_title}"


class PageRead(models.Model):
    """The first time a person read a page (for recognition and insight)."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    first_read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "reader"], name="wiki_read_once_per_reader"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reader_id} read {self.page_id}"


def page_file_path(instance: "PageFile", filename: str) -> str:
    return f"wiki/{timezone.now():%Y/%m}/{instance.sha256[:16]}/{filename}"


class PageFile(models.Model):
    """An image or attachment of a page; served only through the page's access.

    ``group`` is the wiki it was uploaded in (None: the organisation's): as
    for revisions, only those who may read the page now and that wiki see
    it, and the page's text shows only files of the wiki it is in.
    """

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="files")
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to=page_file_path, max_length=300)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    is_image = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class PageIndex(models.Model):
    """A page's entry in the wiki search index.

    On SQLite the stemmed text lives in the FTS5 table ``wiki_fts`` (rowid =
    page id, created by a migration that only runs there); on PostgreSQL in
    ``search_vector``, built with the page language's configuration.
    """

    page = models.OneToOneField(
        Page, primary_key=True, on_delete=models.CASCADE, related_name="index_entry"
    )
    language = models.CharField(max_length=5)
    search_vector = TsVectorField(null=True, editable=False)

    def __str__(self) -> str:
        return str(self.page_id)
