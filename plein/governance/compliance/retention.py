"""Retention: how long content is kept, and the purge that removes it for good.

The organisation keeps content for ``RetentionPolicy`` (group null) days, or
``settings.RETENTION_DAYS`` without that row; a group may override it. Days
count from ``created_at``: an edit does not restart the clock, and a deleted
(tombstoned) item is purged at the same moment it would have been anyway.

The purge works on whole threads, so nothing still kept loses its context:

- a comment goes when it has expired and none of its replies is still kept;
- a post goes when it has expired and every comment under it can go;
- legal holds (``holds.py``) keep what they cover, always.

Purging deletes the rows and everything that points at them (revisions,
reactions, inbox entries, notifications, alert hits, search documents) and
the attachment files on disk. It runs daily in batches (``tasks.py``) and is
idempotent: a batch that fails is simply found again next time.
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.people import is_org_admin
from plein.core.errors import InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.governance.compliance.holds import held_comments, held_posts
from plein.governance.compliance.models import RetentionPolicy
from plein.posts.models import Attachment, Comment, Post

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_DAYS = 100 * 366


def default_days() -> int:
    row = RetentionPolicy.objects.filter(group__isnull=True).first()
    return row.days if row else settings.RETENTION_DAYS


def days_for_group(group_id: int | None) -> int:
    if group_id is not None:
        row = RetentionPolicy.objects.filter(group_id=group_id).first()
        if row:
            return row.days
    return default_days()


def _expired(prefix: str, now: Any) -> Q:
    """Rows past retention, as a Q; ``prefix`` leads from the row to its post."""
    overrides = dict(
        RetentionPolicy.objects.filter(group__isnull=False).values_list(
            "group_id", "days"
        )
    )
    q = Q(created_at__lt=now - timedelta(days=default_days())) & ~Q(
        **{f"{prefix}group_id__in": list(overrides)}
    )
    for group_id, days in overrides.items():
        q |= Q(
            **{f"{prefix}group_id": group_id},
            created_at__lt=now - timedelta(days=days),
        )
    return q


def purgeable_comments(now: Any = None) -> QuerySet[Comment]:
    now = now or timezone.now()
    kept = Comment.objects.exclude(_expired("post__", now)) | held_comments()
    return (
        Comment.objects.filter(_expired("post__", now))
        .exclude(pk__in=held_comments().values("pk"))
        .exclude(pk__in=kept.filter(parent__isnull=False).values("parent_id"))
    )


def purgeable_posts(now: Any = None) -> QuerySet[Post]:
    now = now or timezone.now()
    kept_comments = Comment.objects.exclude(_expired("post__", now)) | held_comments()
    return (
        Post.objects.filter(_expired("", now))
        .exclude(pk__in=held_posts().values("pk"))
        .exclude(pk__in=kept_comments.values("post_id"))
    )


def _delete_files(attachments: QuerySet[Attachment]) -> None:
    for attachment in attachments:
        if attachment.file:
            # After commit: a rolled-back purge keeps its files.
            name, storage = attachment.file.name, attachment.file.storage
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))


def _purged_event(reason: str) -> str:
    # Retention has its own event; erasure's deletions are content purges.
    return (
        "compliance.retention.purged"
        if reason == "retention"
        else "compliance.content.purged"
    )


def do_purge_posts(post_ids: list[int], *, reason: str) -> int:
    """Delete posts and all that hangs on them, for good. Runs in a transaction."""
    from plein.search.index import unindex_post

    if not post_ids:
        return 0
    _delete_files(Attachment.objects.filter(post_id__in=post_ids))
    for post_id in post_ids:
        unindex_post(post_id)
    Attachment.objects.filter(post_id__in=post_ids).delete()
    deleted, _counts = Post.objects.filter(pk__in=post_ids).delete()
    emit_on_commit(
        _purged_event(reason),
        {"reason": reason, "post_ids": post_ids, "comment_ids": []},
    )
    return len(post_ids) if deleted else 0


def do_purge_comments(comment_ids: list[int], *, reason: str) -> int:
    """Delete comments (and their replies) for good. Runs in a transaction."""
    from plein.search.index import unindex_comment

    if not comment_ids:
        return 0
    comments = Comment.objects.filter(pk__in=comment_ids)
    reply_ids = list(
        Comment.objects.filter(parent_id__in=comment_ids).values_list("pk", flat=True)
    )
    all_ids = sorted(set(comment_ids) | set(reply_ids))
    post_ids = sorted(set(comments.values_list("post_id", flat=True)))
    for comment_id in all_ids:
        unindex_comment(comment_id)
    Comment.objects.filter(pk__in=all_ids).delete()
    # Recount what is left: alive comments, replies included.
    for post in Post.objects.filter(pk__in=post_ids).annotate(
        alive=Count("comments", filter=Q(comments__deleted_at__isnull=True))
    ):
        if post.comment_count != post.alive:
            Post.objects.filter(pk=post.pk).update(comment_count=post.alive)
    emit_on_commit(
        _purged_event(reason),
        {"reason": reason, "post_ids": [], "comment_ids": all_ids},
    )
    return len(all_ids)


def do_purge_expired(*, batch_size: int = BATCH_SIZE, max_batches: int = 0) -> dict:
    """Purge everything past retention, one transaction per batch.

    Returns counts. ``max_batches`` (0: no limit) bounds one run; the next
    run carries on where this one stopped.
    """
    totals = {"posts": 0, "comments": 0, "attachments": 0}
    batches = 0
    now = timezone.now()
    while not max_batches or batches < max_batches:
        with transaction.atomic():
            ids = list(
                purgeable_comments(now)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            totals["comments"] += do_purge_comments(ids, reason="retention")
        batches += 1
        if len(ids) < batch_size:
            break
    while not max_batches or batches < max_batches:
        with transaction.atomic():
            ids = list(
                purgeable_posts(now)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            totals["posts"] += do_purge_posts(ids, reason="retention")
        batches += 1
        if len(ids) < batch_size:
            break
    # Uploads never attached to a post, older than the organisation's term.
    with transaction.atomic():
        orphans = Attachment.objects.filter(
            post__isnull=True,
            created_at__lt=now - timedelta(days=default_days()),
        )
        ids = list(orphans.values_list("pk", flat=True)[:batch_size])
        if ids:
            _delete_files(Attachment.objects.filter(pk__in=ids))
            Attachment.objects.filter(pk__in=ids).delete()
            totals["attachments"] = len(ids)
            emit_on_commit(
                "compliance.retention.purged",
                {"reason": "retention", "attachment_ids": ids},
            )
    logger.info("retention purge: %s", totals)
    return totals


def _clean_days(days: Any) -> int:
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise InvalidInput(_("Enter a number of days."), field="days") from None
    if days < 1 or days > MAX_DAYS:
        raise InvalidInput(
            _("Enter between 1 and %(max)d days.") % {"max": MAX_DAYS}, field="days"
        )
    return days


def check_set_retention(actor: Any, *, days: Any, group: Any = None) -> Any:
    """Set the organisation's term (group None) or a group's override (org admins)."""
    if not is_org_admin(actor):
        raise NotFound()
    return do_set_retention(actor, days=_clean_days(days), group=group)


def do_set_retention(actor: Any, *, days: int, group: Any = None) -> RetentionPolicy:
    row = (
        RetentionPolicy.objects.select_for_update()
        .filter(group_id=group.pk if group else None)
        .first()
    )
    if row is None:
        row = RetentionPolicy(group=group)
    row.days = days
    row.updated_by = actor
    row.updated_at = timezone.now()
    row.save()
    emit_on_commit(
        "compliance.retention.changed",
        {"group_id": row.group_id, "days": days},
        [actor.pk],
        actor_id=actor.pk,
    )
    return row


def check_clear_retention(actor: Any, *, group: Any) -> None:
    """Remove a group's override: the organisation's term applies again."""
    if not is_org_admin(actor):
        raise NotFound()
    deleted, _counts = RetentionPolicy.objects.filter(group=group).delete()
    if deleted:
        emit_on_commit(
            "compliance.retention.cleared",
            {"group_id": group.pk},
            [actor.pk],
            actor_id=actor.pk,
        )
