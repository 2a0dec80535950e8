"""Creating notifications, marking them read, and the per-kind choices.

Every notification about a post is filtered through the visibility policy
for each recipient at the moment it is written: nobody is told about
something they may not see. Each has a key, unique per recipient, so a
retried task never notifies twice. What a kind says and how it is delivered
comes from its registration (``plein.notifications.kinds``).
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.posts import readers_among
from plein.core.errors import InvalidInput
from plein.core.events import emit_on_commit
from plein.notifications.kinds import (
    NotificationKind,
    notification_channels,
    notification_kinds,
    notification_targets,
)
from plein.notifications.models import Notification, Preference
from plein.people.models import User


def build_group_key(
    kind: str, post_id: int | None, target_label: str | None, target_id: int | None
) -> str:
    """What notifications of a groupable kind share when they are about one thing.

    Migration 0006 copies this format; change both together.
    """
    return f"{kind}:{post_id or '-'}:{target_label or '-'}:{target_id or '-'}"[:100]


def _enabled(user_ids: set[int], kind: NotificationKind) -> set[int]:
    prefs = Preference.objects.filter(user_id__in=user_ids, kind=kind.code)
    if kind.default_enabled:
        off = prefs.filter(is_enabled=False).values_list("user_id", flat=True)
        return user_ids - set(off)
    return set(prefs.filter(is_enabled=True).values_list("user_id", flat=True))


def _target_label(target: Any) -> str:
    label = target._meta.label_lower
    if label not in notification_targets:
        # Without a registered rule nobody could tell who may still see it.
        raise LookupError(f"no notification target {label!r} is registered")
    return str(label)


def do_notify(
    recipient_ids: Iterable[int],
    *,
    kind: str,
    key: str,
    actor_id: int | None = None,
    post: Any = None,
    post_id: int | None = None,
    target: Any = None,
    wants_email: bool | None = None,
) -> int:
    """Notify people who want this kind, can see the subject and are not the actor.

    ``post`` (or ``post_id``) is the post the notification is about;
    ``target`` is what on it, or without a post what else, it is about (a
    comment, a group, a wiki page): a model instance whose model is a
    registered notification target. ``wants_email`` overrides the people's
    e-mail preference for this notification (an alert that delivers by
    e-mail, a gateway confirmation).

    Runs in the caller's transaction. After writing the rows it calls every
    registered channel (the e-mail) with the key and the recipients; the
    channels enqueue their work on commit. Raises LookupError for a kind or
    target model that is not registered. Returns how many notifications
    were written.
    """
    kind_entry = notification_kinds[kind]
    target_label = _target_label(target) if target is not None else None
    if post is not None:
        post_id = post.pk
    ids = {i for i in recipient_ids if i != actor_id}
    if not ids:
        return 0
    ids = _enabled(ids, kind_entry)
    if not ids:
        return 0
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
    target_type = (
        ContentType.objects.get_for_model(target) if target is not None else None
    )
    target_id = target.pk if target is not None else None
    group_key = (
        build_group_key(kind, post_id, target_label, target_id)
        if kind_entry.groupable
        else key
    )
    rows = [
        Notification(
            recipient_id=user_id,
            kind=kind,
            key=key,
            group_key=group_key,
            actor_id=actor_id,
            post_id=post_id,
            target_type=target_type,
            target_id=target_id,
            wants_email=wants_email,
        )
        for user_id in sorted(ids)
    ]
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    if rows:
        # The key and the recipients find the rows again (bulk_create leaves
        # no pk on SQLite, and ignored conflicts are in the list too).
        recipients = [row.recipient_id for row in rows]
        for schedule in notification_channels.values():
            schedule(kind=kind_entry, key=key, recipient_ids=recipients)
    return len(rows)


def do_mark_notifications_read(user: Any, ids: list[int] | None = None) -> int:
    """Mark all of ``user``'s notifications read, or those ``ids`` stand for.

    A notification shown as a group stands for every unread one of its
    group: marking it marks them all. Returns how many rows were marked.
    """
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        groups = Notification.objects.filter(recipient=user, pk__in=ids).values(
            "group_key"
        )
        qs = qs.filter(Q(pk__in=ids) | Q(group_key__in=Subquery(groups)))
    return qs.update(read_at=timezone.now())


def _check_kind(kind: str) -> NotificationKind:
    entry = notification_kinds.get(kind)
    if entry is None:
        raise InvalidInput(_("Unknown kind of notification."), field="kind")
    return entry


def check_set_preference(user: Any, kind: str, *, is_enabled: bool) -> Preference:
    """Switch notifications of one kind on or off in Plein for ``user``.

    Leaves the e-mail choice alone. Raises InvalidInput (field "kind") for a
    kind that is not registered. Emits ``notifications.preference.changed``.
    """
    _check_kind(kind)
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


def check_set_email_preference(
    user: Any, kind: str, *, email_enabled: bool
) -> Preference:
    """Switch e-mail for one kind of notification on or off for ``user``.

    Creates the Preference row if needed (in Plein at the kind's default)
    and leaves the in-app choice alone. Raises InvalidInput (field "kind")
    for a kind that is not registered or may not be e-mailed.
    """
    entry = _check_kind(kind)
    if email_enabled and not entry.email:
        raise InvalidInput(
            _("This kind of notification is not sent by e-mail."), field="kind"
        )
    pref, _created = Preference.objects.update_or_create(
        user=user,
        kind=kind,
        defaults={"email_enabled": email_enabled},
        create_defaults={
            "email_enabled": email_enabled,
            "is_enabled": entry.default_enabled,
        },
    )
    return pref
