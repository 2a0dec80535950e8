"""Required readers: naming them, and their opening and confirming.

Every required reader must be able to see the post: naming someone who
cannot is refused (InvalidInput on "required_readers"), never a silent leak.
"""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.posts import can_view_post
from plein.announcements.models import Announcement, RequiredReader
from plein.core.errors import InvalidInput, NotFound
from plein.core.tasks import enqueue_on_commit
from plein.people.models import User
from plein.posts.models import Post


def do_require_readers(
    actor: User,
    post: Post,
    readers: Iterable[User],
    *,
    requires_action: bool = False,
    due_at: datetime | None = None,
    targets: list[dict[str, Any]] | None = None,
) -> Announcement:
    """Make ``post`` an announcement for ``readers`` (idempotent, additive).

    Each reader must be active and able to see the post; the author is never
    their own required reader. After commit the readers are notified.
    """
    people = {p.pk: p for p in readers if p.is_active and p.pk != post.author_id}
    blind = [p.full_name for p in people.values() if not can_view_post(p, post)]
    if blind:
        raise InvalidInput(
            _("These people cannot see the post: %(names)s.")
            % {"names": ", ".join(sorted(blind))},
            field="required_readers",
        )
    announcement, created = Announcement.objects.get_or_create(
        post=post,
        defaults={
            "created_by": actor,
            "requires_action": requires_action,
            "due_at": due_at,
            "targets": targets or [],
        },
    )
    if not created and targets:
        announcement.targets = [
            *announcement.targets,
            *[t for t in targets if t not in announcement.targets],
        ]
        announcement.save(update_fields=["targets"])
    RequiredReader.objects.bulk_create(
        [RequiredReader(announcement=announcement, user_id=pk) for pk in people],
        ignore_conflicts=True,
        batch_size=1000,
    )
    from plein.announcements.tasks import notify_required_readers

    enqueue_on_commit(notify_required_readers, announcement_id=announcement.pk)
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
    return reader
