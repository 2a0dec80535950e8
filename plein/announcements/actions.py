"""Required readers: naming them, and their opening and confirming.

Every required reader must be able to see the post: naming someone who
cannot is refused (InvalidInput on "required_readers"), never a silent leak.
"""

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.groups import can_view_group_content, visible_groups
from plein.access.people import is_active_person
from plein.access.posts import can_view_post, readers_among
from plein.announcements.models import Announcement, RequiredReader
from plein.announcements.queries import get_reminder_policy
from plein.announcements.workdays import add_working_days
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.groups.models import Membership
from plein.people.models import Department, User
from plein.posts.models import Post

logger = logging.getLogger(__name__)


def do_require_readers(
    actor: User,
    post: Post,
    readers: Iterable[User],
    *,
    requires_action: bool = False,
    due_at: datetime | None = None,
    targets: list[dict[str, Any]] | None = None,
    notification_kind: str = "required_reading",
    reminder_kind: str = "reading_reminder",
) -> Announcement:
    """Make ``post`` an announcement for ``readers`` (idempotent, additive).

    Each reader must be active and able to see the post; the author is never
    their own required reader. After commit the readers are notified with
    ``notification_kind`` and later reminded with ``reminder_kind`` (both
    registered notification kinds, fixed when the post first gets readers).
    """
    from plein.notifications.kinds import notification_kinds

    for kind in (notification_kind, reminder_kind):
        if kind not in notification_kinds:
            raise LookupError(f"no notification kind {kind!r} is registered")
    people = {p.pk: p for p in readers if p.is_active and p.pk != post.author_id}
    # A post held for review gets its readers now; they see it once released.
    can_read = readers_among(post, people, once_released=True)
    blind = [p.full_name for p in people.values() if p.pk not in can_read]
    if blind:
        raise InvalidInput(
            _("These people cannot see the post: %(names)s.")
            % {"names": ", ".join(sorted(blind))},
            field="required_readers",
        )
    # Insert-if-absent then read: two statements, safe against a concurrent
    # naming of readers for the same post (get_or_create needs a savepoint).
    Announcement.objects.bulk_create(
        [
            Announcement(
                post=post,
                created_by=actor,
                requires_action=requires_action,
                due_at=due_at,
                targets=targets or [],
                notification_kind=notification_kind,
                reminder_kind=reminder_kind,
            )
        ],
        ignore_conflicts=True,
    )
    announcement = Announcement.objects.get(post=post)
    # Naming more readers later adds their targets (groups, departments).
    added = [t for t in targets or [] if t not in announcement.targets]
    if added:
        announcement.targets = [*announcement.targets, *added]
        announcement.save(update_fields=["targets"])
    RequiredReader.objects.bulk_create(
        [RequiredReader(announcement=announcement, user_id=pk) for pk in people],
        ignore_conflicts=True,
        batch_size=1000,
    )
    from plein.announcements.tasks import notify_required_readers

    enqueue_on_commit(notify_required_readers, announcement_id=announcement.pk)
    emit_on_commit(
        "announcements.announcement.readers_required",
        {
            "announcement_id": announcement.pk,
            "post_id": post.pk,
            "reader_count": len(people),
            "requires_action": requires_action,
        },
        [actor.pk],
        actor_id=actor.pk,
    )
    return announcement


def do_mark_opened(user: User, post: Post) -> bool:
    """Record that a required reader opened the post (first time only)."""
    return bool(
        RequiredReader.objects.filter(
            announcement__post=post, user=user, opened_at__isnull=True
        ).update(opened_at=timezone.now())
    )


def check_confirm_reading(user: User, post: Post) -> RequiredReader:
    """Confirm "read" (or "done") for a post one is a required reader of."""
    reader = (
        RequiredReader.objects.select_related("announcement")
        .filter(announcement__post=post, user=user)
        .first()
    )
    if reader is None or not can_view_post(user, post):
        raise NotFound()
    if reader.confirmed_at is None:
        now = timezone.now()
        reader.confirmed_at = now
        reader.opened_at = reader.opened_at or now
        reader.save(update_fields=["confirmed_at", "opened_at"])
        emit_on_commit(
            "announcements.announcement.confirmed",
            {"announcement_id": reader.announcement_id, "post_id": post.pk},
            [user.pk],
            actor_id=user.pk,
        )
    return reader


def _department_tree_ids(department_ids: set[int]) -> set[int]:
    """The departments and all their sub-departments (cycles are harmless)."""
    found = set(department_ids)
    frontier = set(department_ids)
    while frontier:
        frontier = (
            set(
                Department.objects.filter(parent_id__in=frontier).values_list(
                    "pk", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found


def resolve_people_refs(refs: Iterable[str]) -> list[User]:
    """Active people for ``@handle`` or e-mail references, in the given order.

    Raises InvalidInput on "required_readers" naming the unknown references.
    """
    people: list[User] = []
    unknown: list[str] = []
    for ref in refs:
        ref = ref.strip().lstrip("@")
        if not ref:
            continue
        lookup = Q(email__iexact=ref) if "@" in ref else Q(handle__iexact=ref)
        person = User.objects.filter(lookup, is_active=True).first()
        if person is None:
            unknown.append(ref)
        else:
            people.append(person)
    if unknown:
        raise InvalidInput(
            _("Nobody here has this handle or e-mail address: %(refs)s.")
            % {"refs": ", ".join(unknown)},
            field="required_readers",
        )
    return people


def check_require_readers(
    actor: User,
    post: Post,
    *,
    people: Iterable[User | int] = (),
    group_ids: Iterable[int] = (),
    department_ids: Iterable[int] = (),
    requires_action: bool = False,
    due_at: datetime | None = None,
    notification_kind: str = "required_reading",
    reminder_kind: str = "reading_reminder",
) -> Announcement:
    """Name required readers of ``post``: people, whole groups, departments.

    Only the post's author may do this. Groups expand to their active
    members (the author must be able to read the group's content), and
    departments to the active people in them and their sub-departments.
    ``requires_action`` and ``due_at`` apply when the post becomes an
    announcement; adding readers later keeps the existing ones.

    Runs in the caller's transaction. Raises Forbidden for anyone but the
    author, InvalidInput on "due_at" for a due date in the past and on
    "required_readers" for unknown ids, an empty choice or readers who
    cannot see the post. After commit the new readers are notified.
    """
    if not can_view_post(actor, post):
        raise NotFound()
    if post.author_id != actor.pk:
        raise Forbidden(
            pgettext("permission", "Only the author can ask people to read a post.")
        )
    if due_at is not None and due_at < timezone.now():
        raise InvalidInput(_("The due date cannot be in the past."), field="due_at")

    readers: dict[int, User] = {}
    targets: list[dict[str, Any]] = []

    # People: either User objects (the composer resolved them) or ids (API).
    people = list(people)
    person_ids = {p for p in people if isinstance(p, int)}
    given = [p for p in people if not isinstance(p, int)]
    found = list(User.objects.filter(pk__in=person_ids, is_active=True))
    if len(found) != len(person_ids):
        raise InvalidInput(
            _("Some of these people do not exist."), field="required_readers"
        )
    for person in [*given, *found]:
        if not is_active_person(person):
            raise InvalidInput(
                _("%(name)s has left the organisation.") % {"name": person.full_name},
                field="required_readers",
            )
        readers[person.pk] = person
        targets.append({"type": "person", "id": person.pk, "name": person.full_name})

    wanted_groups = set(group_ids)
    if wanted_groups:
        groups = [
            g
            for g in visible_groups(actor).filter(pk__in=wanted_groups)
            if can_view_group_content(actor, g)
        ]
        # An unknown group and one whose members the author may not see
        # answer alike: the group's existence is not confirmed.
        if len(groups) != len(wanted_groups):
            raise InvalidInput(_("Unknown group."), field="required_readers")
        members = User.objects.filter(
            pk__in=Membership.objects.filter(group__in=groups).values("user_id"),
            is_active=True,
        )
        for person in members:
            readers.setdefault(person.pk, person)
        targets += [
            {"type": "group", "id": g.pk, "name": g.name}
            for g in sorted(groups, key=lambda g: g.name)
        ]

    wanted_departments = set(department_ids)
    if wanted_departments:
        departments = list(Department.objects.filter(pk__in=wanted_departments))
        if len(departments) != len(wanted_departments):
            raise InvalidInput(_("Unknown department."), field="required_readers")
        tree = _department_tree_ids(wanted_departments)
        for person in User.objects.filter(department_id__in=tree, is_active=True):
            readers.setdefault(person.pk, person)
        targets += [
            {"type": "department", "id": d.pk, "name": d.name} for d in departments
        ]

    readers.pop(post.author_id, None)
    targets = [
        t for t in targets if not (t["type"] == "person" and t["id"] == post.author_id)
    ]
    if not readers:
        raise InvalidInput(
            _("Name at least one person, group or department besides yourself."),
            field="required_readers",
        )
    return do_require_readers(
        actor,
        post,
        readers.values(),
        requires_action=requires_action,
        due_at=due_at,
        targets=targets,
        notification_kind=notification_kind,
        reminder_kind=reminder_kind,
    )


def do_send_due_reminders(now: datetime | None = None) -> int:
    """Remind unconfirmed required readers whose next reminder is due.

    The n-th reminder is due ``policy.reminder_day_list[n-1]`` working days
    after the announcement. Someone who missed several gets one reminder,
    for the latest. Each reader is claimed with a conditional update on
    ``reminders_sent`` and notified in the same transaction (one per reader,
    so the caller must not hold one open); the notification key
    ``reminder:<post>:<n>`` is unique per recipient, so two schedulers or a
    retried task never remind twice. Readers who can no longer see the post
    are skipped. Returns how many reminders went out.
    """
    from plein.notifications.actions import do_notify

    policy = get_reminder_policy()
    days = policy.reminder_day_list
    if not policy.is_enabled or not days:
        return 0
    now = now or timezone.now()
    sent = 0
    candidates = (
        RequiredReader.objects.filter(
            confirmed_at__isnull=True,
            reminders_sent__lt=len(days),
            user__is_active=True,
            announcement__post__deleted_at__isnull=True,
        )
        .select_related("user", "announcement", "announcement__post__group")
        .order_by("pk")
    )
    for reader in candidates.iterator(chunk_size=500):
        announcement = reader.announcement
        due = sum(
            1 for d in days if now >= add_working_days(announcement.created_at, d)
        )
        if due <= reader.reminders_sent:
            continue
        post = announcement.post
        if not can_view_post(reader.user, post):
            continue
        try:
            with transaction.atomic():
                claimed = RequiredReader.objects.filter(
                    pk=reader.pk,
                    reminders_sent=reader.reminders_sent,
                    confirmed_at__isnull=True,
                ).update(reminders_sent=due, last_reminded_at=now)
                if not claimed:
                    continue  # another scheduler got there first
                sent += do_notify(
                    [reader.user_id],
                    kind=announcement.reminder_kind,
                    key=f"reminder:{post.pk}:{due}",
                    actor_id=post.author_id,
                    post_id=post.pk,
                )
        except Exception:
            # One broken row must not stop the others' reminders.
            logger.exception("reminder for required reader %s failed", reader.pk)
    return sent


def build_reminder_days(text: str) -> str:
    """Normalise "5, 2" to "2,5"; InvalidInput on "reminder_days" for junk."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not all(p.isdigit() and int(p) > 0 for p in parts):
        raise InvalidInput(
            _("Use whole numbers of working days separated by commas, e.g. 2, 5."),
            field="reminder_days",
        )
    return ",".join(str(d) for d in sorted({int(p) for p in parts}))


def check_update_reminder_policy(
    actor: User,
    policy: Any,
    *,
    reminder_days: str,
    escalate_after_days: int,
    is_enabled: bool,
) -> Any:
    """Save the organisation's reminder policy (organisation admins only).

    Raises Forbidden for anyone else and InvalidInput on "reminder_days"
    unless it is a comma-separated list of positive whole numbers.
    """
    from plein.access.people import is_org_admin

    if not is_org_admin(actor):
        raise Forbidden(pgettext("permission", "Only administrators can do this."))
    policy.singleton = 1
    policy.reminder_days = build_reminder_days(reminder_days)
    policy.escalate_after_days = escalate_after_days
    policy.is_enabled = is_enabled
    policy.save()
    emit_on_commit(
        "announcements.reminder_policy.updated",
        {"is_enabled": is_enabled, "escalate_after_days": escalate_after_days},
        [actor.pk],
        actor_id=actor.pk,
    )
    return policy
