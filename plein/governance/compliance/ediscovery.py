"""eDiscovery: compliance officers search everything and export it as a zip.

This is deliberately the one place in Plein that reads content without the
visibility policy of ``plein.access``: secret groups, restricted posts,
withheld, deleted (tombstoned) items and earlier versions are all found.
It is safe because it is

- role-gated: only ``is_compliance_officer`` people reach it (org admins are
  not, unless they also hold that role); everyone else gets NotFound;
- audited: requesting, finishing and downloading an export each emit an
  event, which the compliance audit log records in the same transaction;
- kept out of reach: the zip lives under ``MEDIA_ROOT/exports/``, which no
  URL serves; the download view checks the role again.

An export holds one ``.eml`` per item (post, comment, and each earlier
version of either; each version of a wiki page), the attachments (of posts
and wiki pages) with their SHA-256, and ``items.csv`` / ``items.json``
describing every item.
"""

import csv
import hashlib
import io
import json
import secrets
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from email.utils import format_datetime
from itertools import groupby
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.people import is_compliance_officer
from plein.core.errors import InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.governance.compliance.models import Export
from plein.posts.models import Comment, CommentRevision, Post, PostRevision

EXPORT_DIR = "exports"
MAX_KEYWORDS = 500


@dataclass
class Criteria:
    person_id: int | None = None
    group_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    keywords: str = ""

    @classmethod
    def of(cls, export: Export) -> "Criteria":
        return cls(
            person_id=export.person_id,
            group_id=export.group_id,
            date_from=export.date_from,
            date_to=export.date_to,
            keywords=export.keywords,
        )

    def words(self) -> list[str]:
        return [w for w in self.keywords.split() if w]


@dataclass
class Item:
    kind: str  # post, post_revision, comment, comment_revision, wiki_revision
    id: int
    post_id: int | None
    comment_id: int | None
    author_id: int | None
    author: str
    author_email: str
    group_id: int | None
    group: str
    title: str
    body: str
    created_at: datetime
    deleted_at: datetime | None = None
    withheld_reason: str = ""
    attachments: list[dict[str, Any]] = field(default_factory=list)
    # Wiki versions: the page, the version's number and its "what changed".
    page_id: int | None = None
    revision_number: int | None = None
    note: str = ""

    @property
    def name(self) -> str:
        return f"{self.kind}-{self.id}"


def _bound(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _date_q(criteria: Criteria) -> Q:
    q = Q()
    if criteria.date_from:
        q &= Q(created_at__gte=_bound(criteria.date_from, time.min))
    if criteria.date_to:
        q &= Q(created_at__lte=_bound(criteria.date_to, time.max))
    return q


def _words_q(words: list[str], *fields: str) -> Q:
    q = Q()
    for word in words:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        q &= any_field
    return q


def find_posts(criteria: Criteria) -> QuerySet[Post]:
    """Posts matching, deleted and withheld ones included (no visibility filter)."""
    qs = Post.objects.filter(_date_q(criteria))
    if criteria.person_id:
        qs = qs.filter(author_id=criteria.person_id)
    if criteria.group_id:
        qs = qs.filter(group_id=criteria.group_id)
    words = criteria.words()
    if words:
        # The current text, or any earlier version of it.
        in_revisions = PostRevision.objects.filter(
            _words_q(words, "title", "body")
        ).values("post_id")
        qs = qs.filter(_words_q(words, "title", "body") | Q(pk__in=in_revisions))
    return qs.select_related("author", "group").order_by("created_at", "id")


def find_comments(criteria: Criteria) -> QuerySet[Comment]:
    qs = Comment.objects.filter(_date_q(criteria))
    if criteria.person_id:
        qs = qs.filter(author_id=criteria.person_id)
    if criteria.group_id:
        qs = qs.filter(post__group_id=criteria.group_id)
    words = criteria.words()
    if words:
        in_revisions = CommentRevision.objects.filter(_words_q(words, "body")).values(
            "comment_id"
        )
        qs = qs.filter(_words_q(words, "body") | Q(pk__in=in_revisions))
    return qs.select_related("author", "post__group").order_by("created_at", "id")


def find_wiki_revisions(criteria: Criteria) -> QuerySet[Any]:
    """Versions of wiki pages: written by the person, or on the group's pages.

    Deleted pages included. Dates and keywords apply to each version.
    """
    from plein.knowledge.wiki.models import Revision

    qs = Revision.objects.filter(_date_q(criteria))
    if criteria.person_id:
        qs = qs.filter(author_id=criteria.person_id)
    if criteria.group_id:
        qs = qs.filter(page__group_id=criteria.group_id)
    words = criteria.words()
    if words:
        qs = qs.filter(_words_q(words, "title", "body", "note"))
    return qs.select_related("author", "page__group").order_by("page_id", "number")


def _page_files(criteria: Criteria, page_id: int) -> list[dict[str, Any]]:
    """The files of a page: the person's uploads when a person is named."""
    from plein.knowledge.wiki.models import PageFile

    files = PageFile.objects.filter(page_id=page_id)
    if criteria.person_id:
        files = files.filter(uploaded_by_id=criteria.person_id)
    return [
        {
            "id": f.pk,
            "source": "wiki",
            "filename": f.filename,
            "sha256": "",
            "size": f.size,
        }
        for f in files.order_by("pk")
    ]


def iter_wiki_items(criteria: Criteria) -> Iterator[Item]:
    """One item per wiki version; a page's files go with its newest one found."""
    revisions = find_wiki_revisions(criteria).iterator(chunk_size=200)
    for page_id, versions in groupby(revisions, key=lambda r: r.page_id):
        items = []
        for revision in versions:
            page = revision.page
            author_id, author, email = _author(revision.author)
            items.append(
                Item(
                    kind="wiki_revision",
                    id=revision.pk,
                    post_id=None,
                    comment_id=None,
                    author_id=author_id,
                    author=author,
                    author_email=email,
                    group_id=page.group_id,
                    group=page.group.slug if page.group else "",
                    title=revision.title,
                    body=revision.body,
                    created_at=revision.created_at,
                    deleted_at=page.deleted_at,
                    page_id=page_id,
                    revision_number=revision.number,
                    note=revision.note,
                )
            )
        items[-1].attachments = _page_files(criteria, page_id)
        yield from items


def _author(user: Any) -> tuple[int | None, str, str]:
    if user is None:
        return None, "", ""
    return user.pk, user.full_name, user.email


def iter_items(criteria: Criteria) -> Iterator[Item]:
    """Every matching item, each followed by its earlier versions."""
    for post in (
        find_posts(criteria).prefetch_related("attachments").iterator(chunk_size=200)
    ):
        author_id, author, email = _author(post.author)
        group_id = post.group_id
        group = post.group.slug if post.group else ""
        yield Item(
            kind="post",
            id=post.pk,
            post_id=post.pk,
            comment_id=None,
            author_id=author_id,
            author=author,
            author_email=email,
            group_id=group_id,
            group=group,
            title=post.title,
            body=post.body,
            created_at=post.created_at,
            deleted_at=post.deleted_at,
            withheld_reason=post.withheld_reason,
            attachments=[
                {"id": a.pk, "filename": a.filename, "sha256": "", "size": a.size}
                for a in post.attachments.all()
            ],
        )
        for revision in PostRevision.objects.filter(post=post).order_by(
            "created_at", "id"
        ):
            yield Item(
                kind="post_revision",
                id=revision.pk,
                post_id=post.pk,
                comment_id=None,
                author_id=author_id,
                author=author,
                author_email=email,
                group_id=group_id,
                group=group,
                title=revision.title,
                body=revision.body,
                created_at=revision.created_at,
            )
    for comment in find_comments(criteria).iterator(chunk_size=200):
        author_id, author, email = _author(comment.author)
        group_id = comment.post.group_id
        group = comment.post.group.slug if comment.post.group else ""
        title = comment.post.title or _("Comment on post %(id)d") % {
            "id": comment.post_id
        }
        yield Item(
            kind="comment",
            id=comment.pk,
            post_id=comment.post_id,
            comment_id=comment.pk,
            author_id=author_id,
            author=author,
            author_email=email,
            group_id=group_id,
            group=group,
            title=title,
            body=comment.body,
            created_at=comment.created_at,
            deleted_at=comment.deleted_at,
            withheld_reason=comment.withheld_reason,
        )
        for revision in CommentRevision.objects.filter(comment=comment).order_by(
            "created_at", "id"
        ):
            yield Item(
                kind="comment_revision",
                id=revision.pk,
                post_id=comment.post_id,
                comment_id=comment.pk,
                author_id=author_id,
                author=author,
                author_email=email,
                group_id=group_id,
                group=group,
                title=title,
                body=revision.body,
                created_at=revision.created_at,
            )
    yield from iter_wiki_items(criteria)


def build_eml(item: Item) -> bytes:
    headers = {
        "Date": format_datetime(item.created_at),
        "X-Plein-Kind": item.kind,
        "X-Plein-Group": item.group,
    }
    if item.post_id:
        headers["X-Plein-Post-Id"] = str(item.post_id)
    if item.page_id:
        headers["X-Plein-Page-Id"] = str(item.page_id)
        headers["X-Plein-Page-Version"] = str(item.revision_number)
    if item.note:
        # One line: a header may not span lines, whatever the note holds.
        headers["X-Plein-Note"] = " ".join(item.note.split())
    if item.comment_id:
        headers["X-Plein-Comment-Id"] = str(item.comment_id)
    if item.kind.endswith("_revision"):
        headers["X-Plein-Revision-Id"] = str(item.id)
    if item.deleted_at:
        headers["X-Plein-Deleted-At"] = format_datetime(item.deleted_at)
    if item.withheld_reason:
        headers["X-Plein-Withheld"] = item.withheld_reason
    sender = f"{item.author} <{item.author_email}>" if item.author_email else ""
    message = EmailMessage(
        subject=item.title or item.body[:60].replace("\n", " "),
        body=item.body,
        from_email=sender or "unknown@invalid",
        headers=headers,
    )
    return message.message().as_bytes()


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


CSV_COLUMNS = [
    "kind",
    "id",
    "post_id",
    "comment_id",
    "page_id",
    "revision_number",
    "author_id",
    "author",
    "author_email",
    "group_id",
    "group",
    "created_at",
    "deleted_at",
    "withheld_reason",
    "title",
    "note",
    "eml",
    "eml_sha256",
    "attachments",
]


def write_export_zip(criteria: Criteria, target: Path) -> int:
    """Write the zip for ``criteria`` to ``target``; return the number of items."""
    from plein.knowledge.wiki.models import PageFile
    from plein.posts.models import Attachment

    rows: list[dict[str, Any]] = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in iter_items(criteria):
            eml = build_eml(item)
            eml_name = f"items/{item.name}.eml"
            archive.writestr(eml_name, eml)
            for entry in item.attachments:
                wiki = entry.get("source") == "wiki"
                model = PageFile if wiki else Attachment
                attachment = model.objects.get(pk=entry["id"])
                path = Path(attachment.file.path) if attachment.file else None
                if path and path.is_file():
                    entry["sha256"] = _sha256_file(path)
                    prefix = "wiki-" if wiki else ""
                    entry["file"] = (
                        f"attachments/{prefix}{attachment.pk}-{attachment.filename}"
                    )
                    archive.write(path, entry["file"])
                else:
                    entry["sha256"] = attachment.sha256
                    entry["file"] = ""
                    entry["missing"] = True
            row = asdict(item)
            row["created_at"] = item.created_at.isoformat()
            row["deleted_at"] = item.deleted_at.isoformat() if item.deleted_at else ""
            row["eml"] = eml_name
            row["eml_sha256"] = hashlib.sha256(eml).hexdigest()
            rows.append(row)
        archive.writestr("items.json", json.dumps(rows, indent=2, ensure_ascii=False))
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    **row,
                    "attachments": ";".join(
                        f"{'wiki-' if a.get('source') == 'wiki' else ''}"
                        f"{a['id']}:{a['filename']}:{a['sha256']}"
                        for a in row["attachments"]
                    ),
                }
            )
        archive.writestr("items.csv", buffer.getvalue())
    return len(rows)


# Actions ---------------------------------------------------------------------


def access_export(user: Any, export_id: int) -> Export:
    """An export, for compliance officers only; NotFound for everyone else."""
    if not is_compliance_officer(user):
        raise NotFound()
    try:
        return Export.objects.select_related("requested_by", "person", "group").get(
            pk=export_id
        )
    except (Export.DoesNotExist, ValueError):
        raise NotFound() from None


def check_create_export(
    actor: Any,
    *,
    person: Any = None,
    group: Any = None,
    date_from: date | None = None,
    date_to: date | None = None,
    keywords: str = "",
) -> Export:
    """Request an export; the zip is built by a background task."""
    if not is_compliance_officer(actor):
        raise NotFound()
    keywords = " ".join((keywords or "").split())
    if len(keywords) > MAX_KEYWORDS:
        raise InvalidInput(
            _("Keep the keywords under %(max)d characters.") % {"max": MAX_KEYWORDS},
            field="keywords",
        )
    if date_from and date_to and date_from > date_to:
        raise InvalidInput(
            _("The start date is after the end date."), field="date_from"
        )
    if not (person or group or date_from or date_to or keywords):
        raise InvalidInput(
            _("Narrow the search: a person, a group, dates or keywords."),
            field="keywords",
        )
    return do_create_export(
        actor,
        person=person,
        group=group,
        date_from=date_from,
        date_to=date_to,
        keywords=keywords,
    )


def do_create_export(actor: Any, **criteria: Any) -> Export:
    from plein.governance.compliance.tasks import build_export

    export = Export.objects.create(requested_by=actor, **criteria)
    emit_on_commit(
        "compliance.export.created",
        {
            "export_id": export.pk,
            "person_id": export.person_id,
            "group_id": export.group_id,
            "date_from": export.date_from.isoformat() if export.date_from else None,
            "date_to": export.date_to.isoformat() if export.date_to else None,
            "has_keywords": bool(export.keywords),
        },
        [actor.pk],
        actor_id=actor.pk,
    )
    enqueue_on_commit(build_export, export_id=export.pk)
    return export


def do_build_export(export_id: int) -> Export | None:
    """Build an export's zip. Idempotent: a finished export is left alone.

    Claimed with a conditional update on the status; a run that died or
    failed half-way is rebuilt by the task's retry.
    """
    claimed = Export.objects.filter(
        pk=export_id,
        status__in=[Export.Status.PENDING, Export.Status.RUNNING, Export.Status.FAILED],
    ).update(status=Export.Status.RUNNING)
    export = Export.objects.filter(pk=export_id).first()
    if not claimed or export is None:
        return export
    directory = Path(settings.MEDIA_ROOT) / EXPORT_DIR
    directory.mkdir(parents=True, exist_ok=True)
    relative = f"{EXPORT_DIR}/export-{export.pk}-{secrets.token_hex(8)}.zip"
    target = Path(settings.MEDIA_ROOT) / relative
    partial = target.with_suffix(".part")
    try:
        count = write_export_zip(Criteria.of(export), partial)
        partial.replace(target)
    except Exception as error:
        partial.unlink(missing_ok=True)
        with transaction.atomic():
            Export.objects.filter(pk=export.pk).update(
                status=Export.Status.FAILED, error=type(error).__name__
            )
            emit_on_commit(
                "compliance.export.failed",
                {"export_id": export.pk},
                [export.requested_by_id],
            )
        raise
    with transaction.atomic():
        Export.objects.filter(pk=export.pk).update(
            status=Export.Status.DONE,
            file=relative,
            size=target.stat().st_size,
            sha256=_sha256_file(target),
            item_count=count,
            finished_at=timezone.now(),
            error="",
        )
        emit_on_commit(
            "compliance.export.completed",
            {"export_id": export.pk, "item_count": count},
            [export.requested_by_id],
        )
    export.refresh_from_db()
    return export


def export_path(export: Export) -> Path | None:
    if export.status != Export.Status.DONE or not export.file:
        return None
    root = (Path(settings.MEDIA_ROOT) / EXPORT_DIR).resolve()
    path = (Path(settings.MEDIA_ROOT) / export.file).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path


def do_record_download(actor: Any, export: Export) -> None:
    emit_on_commit(
        "compliance.export.downloaded",
        {"export_id": export.pk},
        [actor.pk],
        actor_id=actor.pk,
    )


def access_subjects(
    user: Any, *, person_id: int | None, group_id: int | None
) -> tuple[Any, Any]:
    """The person and group a compliance officer names by id (API input).

    Not scoped by ``plein.access``: officers reach deactivated people and
    secret groups. Everyone else gets NotFound before any lookup.
    """
    from plein.groups.models import Group
    from plein.people.models import User

    if not is_compliance_officer(user):
        raise NotFound()
    person = group = None
    if person_id is not None:
        person = User.objects.filter(pk=person_id).first()
        if person is None:
            raise InvalidInput(_("There is no such person."), field="person_id")
    if group_id is not None:
        group = Group.objects.filter(pk=group_id).first()
        if group is None:
            raise InvalidInput(_("There is no such group."), field="group_id")
    return person, group
