"""Reads for required reading: the "To read" list, receipts, escalation.

Every post passes through ``plein.access`` first; readers' states reach
people other than the author only for those who show their read state.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import pgettext

from plein.access.announcements import (
    can_add_required_readers,
    can_view_receipts,
    sees_hidden_read_state,
)
from plein.access.people import is_org_admin
from plein.access.posts import can_view_post, visible_post_filter
from plein.announcements.models import Announcement, ReminderPolicy, RequiredReader
from plein.announcements.workdays import add_working_days
from plein.posts.models import Post

CONFIRMED = "confirmed"
OPENED = "opened"
NEITHER = "neither"
HIDDEN = "hidden"


def get_reminder_policy() -> ReminderPolicy:
    """The organisation's policy; the defaults until an admin saves one."""
    return ReminderPolicy.objects.filter(singleton=1).first() or ReminderPolicy()


def reader_state(reader: RequiredReader) -> str:
    if reader.confirmed_at is not None:
        return CONFIRMED
    if reader.opened_at is not None:
        return OPENED
    return NEITHER


def is_overdue(
    reader: RequiredReader,
    announcement: Announcement,
    policy: ReminderPolicy,
    now: datetime.datetime,
) -> bool:
    """Unconfirmed past the due date, or past the escalation working days."""
    if reader.confirmed_at is not None:
        return False
    if announcement.due_at is not None and now > announcement.due_at:
        return True
    return now >= add_working_days(announcement.created_at, policy.escalate_after_days)


def list_pending_readings(user: Any) -> list[RequiredReader]:
    """The user's unconfirmed required readings of posts they can still see.

    Newest announcement first; each row has ``is_overdue`` set.
    """
    rows = list(
        RequiredReader.objects.filter(user_id=user.pk, confirmed_at__isnull=True)
        .filter(visible_post_filter(user, prefix="announcement__post__"))
        .select_related(
            "announcement",
            "announcement__post__author",
            "announcement__post__group",
        )
        .order_by("-announcement__created_at", "-pk")
    )
    if rows:
        policy = get_reminder_policy()
        now = timezone.now()
        for row in rows:
            row.is_overdue = is_overdue(row, row.announcement, policy, now)
    return rows


def get_required_reading(user: Any, post: Post) -> RequiredReader | None:
    """The user's required-reading row for a post they can see, if any."""
    if not can_view_post(user, post):
        return None
    reader = (
        RequiredReader.objects.select_related("announcement")
        .filter(announcement__post_id=post.pk, user_id=user.pk)
        .first()
    )
    if reader is not None:
        reader.is_overdue = is_overdue(
            reader, reader.announcement, get_reminder_policy(), timezone.now()
        )
    return reader


def get_announcement_panel(user: Any, post: Post) -> dict[str, Any]:
    """What the post page shows about required reading (template context)."""
    reading = get_required_reading(user, post)
    announcement = Announcement.objects.filter(post_id=post.pk).first()
    return {
        "reading": reading,
        "announcement": announcement,
        "can_view_receipts": announcement is not None and can_view_receipts(user, post),
        "can_add_readers": can_add_required_readers(user, post),
    }


@dataclass
class ReceiptRow:
    person: Any
    department: str
    state: str
    opened_at: datetime.datetime | None
    confirmed_at: datetime.datetime | None
    reminders_sent: int

    @property
    def is_hidden(self) -> bool:
        return self.state == HIDDEN


@dataclass
class DepartmentRow:
    name: str
    total: int = 0
    confirmed: int = 0
    opened: int = 0
    neither: int = 0
    hidden: int = 0


@dataclass
class Receipts:
    post: Post
    announcement: Announcement | None
    rows: list[ReceiptRow] = field(default_factory=list)
    departments: list[DepartmentRow] = field(default_factory=list)
    total: int = 0
    confirmed: int = 0
    opened: int = 0
    neither: int = 0

    @property
    def percent_confirmed(self) -> int:
        return round(100 * self.confirmed / self.total) if self.total else 0

    @property
    def percent_opened(self) -> int:
        return round(100 * self.opened / self.total) if self.total else 0


def no_department_label() -> str:
    return pgettext("department", "No department")


def build_receipts(viewer: Any, post: Post) -> Receipts:
    """Read receipts of ``post`` as ``viewer`` may see them.

    The caller has authorised the viewer (``access_receipts``). Totals count
    everybody; when the viewer is not the author, the rows and departments
    show people who hide their read state as "hidden".
    """
    announcement = Announcement.objects.filter(post_id=post.pk).first()
    receipts = Receipts(post=post, announcement=announcement)
    if announcement is None:
        return receipts
    sees_all = sees_hidden_read_state(viewer, post)
    departments: dict[str, DepartmentRow] = {}
    readers = (
        announcement.readers.select_related("user", "user__department")
        .filter(user__is_active=True)
        .order_by("user__full_name", "user_id")
    )
    for reader in readers:
        state = reader_state(reader)
        receipts.total += 1
        setattr(receipts, state, getattr(receipts, state) + 1)
        person = reader.user
        dept_name = person.department.name if person.department else ""
        if not sees_all and not person.shows_read_state:
            state = HIDDEN
        dept = departments.setdefault(dept_name, DepartmentRow(name=dept_name))
        dept.total += 1
        setattr(dept, state, getattr(dept, state) + 1)
        hidden = state == HIDDEN
        receipts.rows.append(
            ReceiptRow(
                person=person,
                department=dept_name,
                state=state,
                opened_at=None if hidden else reader.opened_at,
                confirmed_at=None if hidden else reader.confirmed_at,
                reminders_sent=reader.reminders_sent,
            )
        )
    # Named departments alphabetically, people without one last.
    receipts.departments = sorted(
        departments.values(), key=lambda d: (d.name == "", d.name.lower())
    )
    return receipts


@dataclass
class OverdueEntry:
    post: Post
    announcement: Announcement
    readers: list[RequiredReader] = field(default_factory=list)
    hidden: int = 0


def list_overdue(
    viewer: Any, now: datetime.datetime | None = None
) -> list[OverdueEntry]:
    """Overdue readers of the viewer's announcements, grouped by post.

    Organisation admins also get every organisation-wide announcement (posts
    outside groups) they can see; for posts they did not write, people who
    hide their read state are only counted.
    """
    now = now or timezone.now()
    policy = get_reminder_policy()
    mine = Q(post__author_id=viewer.pk)
    scope = mine | Q(post__group__isnull=True) if is_org_admin(viewer) else mine
    # Working days are never fewer than calendar days, so this only narrows.
    escalation_start = now - datetime.timedelta(days=policy.escalate_after_days)
    announcements = (
        Announcement.objects.filter(scope)
        .filter(visible_post_filter(viewer, prefix="post__"))
        .filter(Q(due_at__lt=now) | Q(created_at__lte=escalation_start))
        .select_related("post", "post__author", "post__group")
        .order_by("-created_at")
    )
    entries = []
    for announcement in announcements:
        post = announcement.post
        sees_all = sees_hidden_read_state(viewer, post)
        entry = OverdueEntry(post=post, announcement=announcement)
        readers = (
            announcement.readers.filter(confirmed_at__isnull=True, user__is_active=True)
            .select_related("user", "user__department")
            .order_by("user__full_name")
        )
        for reader in readers:
            if not is_overdue(reader, announcement, policy, now):
                continue
            if not can_view_post(reader.user, post):
                continue
            if not sees_all and not reader.user.shows_read_state:
                entry.hidden += 1
                continue
            entry.readers.append(reader)
        if entry.readers or entry.hidden:
            entries.append(entry)
    return entries
