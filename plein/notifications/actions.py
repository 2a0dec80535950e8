"""Creating and reading notifications.

Every notification about a post is filtered through the visibility policy
for each recipient at the moment it is written: nobody is told about
something they may not see. Each has a key, unique per recipient, so a
retried task never notifies twice.
"""

from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from plein.access.posts import readers_among
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.notifications.models import Kind, Notification, Preference
from plein.people.models import User


def _enabled(user_ids: set[int], kind: str) -> set[int]:
    off = set(
        Preference.objects.filter(
            user_id__in=user_ids, kind=kind, is_enabled=False
        ).values_list("user_id", flat=True)
    )
    return user_ids - off


def do_notify(
    recipient_ids: Iterable[int],
    *,
    kind: str,
    key: str,
    actor_id: int | None = None,
    post_id: int | None = None,
    comment_id: int | None = None,
    group_id: int | None = None,
    wants_email: bool | None = None,
    post: Any = None,
) -> int:
    """Notify people who want this kind, can see the subject and are not the actor.

    ``wants_email`` overrides the people's e-mail preference for this
    notification (an alert that delivers by e-mail, a gateway confirmation).
    A caller holding the post passes it as ``post`` instead of ``post_id``.
    Returns how many notifications were written.
    """
    if post is not None:
        post_id = post.pk
    ids = {i for i in recipient_ids if i != actor_id}
    if not ids:
        return 0
    ids = _enabled(ids, kind)
    if post_id is not None:
        from plein.posts.models import Post

        if post is None:
            post = Post.objects.select_related("group").filter(pk=post_id).first()
        if post is None:
            return 0
        # Nobody is told about a post they may not see: one set-based check.
        ids = readers_among(post, ids)
    else:
        ids = set(
            User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)
        )
    rows = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            key=key,
            actor_id=actor_id,
            post_id=post_id,
            comment_id=comment_id,
            group_id=group_id,
            wants_email=wants_email,
        )
        for user_id in sorted(ids)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    if rows:
        # Imported here: plein.mail builds on this module. The key and the
        # recipients find the rows again (bulk_create leaves no pk on SQLite).
        from plein.mail.tasks import send_notification_emails

        enqueue_on_commit(
            send_notification_emails,
            key=key,
            recipient_ids=[row.recipient_id for row in rows],
        )
    return len(rows)


def do_mark_notifications_read(user: Any, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def check_set_preference(user: Any, kind: str, *, is_enabled: bool) -> Preference:
    from django.utils.translation import gettext as _

    from plein.core.errors import InvalidInput

    if kind not in Kind.values:
        raise InvalidInput(_("Unknown kind of notification."), field="kind")
    pref, _created = Preference.objects.update_or_create(
        user=user, kind=kind, defaults={"is_enabled": is_enabled}
    )
    emit_on_commit(
        "notifications.preference.changed",
        {"kind": kind, "is_enabled": is_enabled},
        [user.pk],
        actor_id=user.pk,
    )
    return pref
