"""Reads for the moderation queue, the reporter's own reports and warnings.

Everything here is already scoped: the queue through
``plein.access.moderation.moderation_queue_filter``, a person's reports and warnings to that person.
Nothing here ever names a reporter to the author of the content.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from plein.access.moderation import moderation_queue_filter
from plein.governance.moderation.models import Action, Decision, Reason, Report
from plein.posts.models import Comment, Post

OPEN_REPORTS_CAP = 2000
DECIDED_PAGE = 50


@dataclass
class QueueItem:
    """One reported post or comment, with its open reports summed up."""

    post: Post
    comment: Comment | None
    reports: list[Report] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    @property
    def target(self) -> Post | Comment:
        return self.comment if self.comment is not None else self.post

    @property
    def kind(self) -> str:
        return "comment" if self.comment is not None else "post"

    @property
    def report_count(self) -> int:
        return len(self.reports)

    @property
    def reason_counts(self) -> list[tuple[str, str, int]]:
        """(code, label, count), most frequent first."""
        counts = Counter(r.reason for r in self.reports)
        labels = dict(Reason.choices)
        return [
            (code, str(labels.get(code, code)), n) for code, n in counts.most_common()
        ]

    @property
    def notes(self) -> list[str]:
        return [r.note for r in self.reports if r.note]

    @property
    def last_reported_at(self) -> datetime | None:
        return max((r.created_at for r in self.reports), default=None)

    @property
    def warning_count(self) -> int:
        return sum(1 for d in self.decisions if d.action == Action.WARN)


def _alive_target() -> Q:
    return Q(post__deleted_at__isnull=True) & (
        Q(comment__isnull=True) | Q(comment__deleted_at__isnull=True)
    )


def open_reports(user: Any) -> QuerySet[Report]:
    """Open reports on content that still exists, within the person's reach."""
    return Report.objects.filter(
        moderation_queue_filter(user), _alive_target(), resolved_at__isnull=True
    )


def list_open_queue(user: Any) -> list[QueueItem]:
    """Reported content awaiting a decision; withheld content first, then newest."""
    reports = list(
        open_reports(user)
        .select_related(
            "post", "post__author", "post__group", "comment", "comment__author"
        )
        .order_by("-created_at", "-id")[:OPEN_REPORTS_CAP]
    )
    items: dict[tuple[int, int | None], QueueItem] = {}
    for report in reports:
        key = (report.post_id, report.comment_id)
        if key not in items:
            items[key] = QueueItem(post=report.post, comment=report.comment)
        items[key].reports.append(report)
    _attach_decisions(list(items.values()))
    return sorted(
        items.values(),
        key=lambda i: (
            i.target.withheld_at is None,
            -(i.last_reported_at.timestamp() if i.last_reported_at else 0),
        ),
    )


def _attach_decisions(items: list[QueueItem]) -> None:
    if not items:
        return
    post_ids = {i.post.pk for i in items}
    decisions = Decision.objects.filter(post_id__in=post_ids).order_by("created_at")
    by_key: dict[tuple[int, int | None], list[Decision]] = {}
    for decision in decisions:
        by_key.setdefault((decision.post_id, decision.comment_id), []).append(decision)
    for item in items:
        item.decisions = by_key.get(
            (item.post.pk, getattr(item.comment, "pk", None)), []
        )


def count_open_queue(user: Any) -> int:
    return open_reports(user).values("post_id", "comment_id").distinct().count()


def list_decisions(
    user: Any, *, before: int | None = None, limit: int = DECIDED_PAGE
) -> list[Decision]:
    """Decisions on content within the person's reach, newest first."""
    qs = Decision.objects.filter(moderation_queue_filter(user)).select_related(
        "moderator", "author", "post", "post__group", "comment"
    )
    if before is not None:
        qs = qs.filter(pk__lt=before)
    return list(qs.order_by("-id")[:limit])


def get_queue_item(user: Any, post: Post, comment: Comment | None) -> QueueItem:
    """The item for the decision page (the target comes from the gatekeeper)."""
    item = QueueItem(post=post, comment=comment)
    item.reports = list(
        open_reports(user).filter(post=post, comment=comment).order_by("-created_at")
    )
    _attach_decisions([item])
    return item


def count_author_warnings(author_id: int) -> int:
    return Decision.objects.filter(author_id=author_id, action=Action.WARN).count()


def list_my_reports(user: Any, limit: int = 100) -> list[Report]:
    """The person's own reports: received, then resolved. Never someone else's."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Report.objects.filter(reporter_id=user.pk).order_by("-id")[:limit])


def list_my_warnings(user: Any, limit: int = 100) -> list[Decision]:
    """Warnings moderators gave this person (without naming the reporters)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Decision.objects.filter(author_id=user.pk, action=Action.WARN).order_by("-id")[
            :limit
        ]
    )
