"""Every change to alerts, subscriptions and hits.

``check_*`` validates and authorises (the alert already passed
``plein.access.alerts.access_alert``), then calls the matching ``do_*``.
Matching and delivery run in tasks (``plein.alerts.tasks``) and re-check
visibility for every subscriber with ``can_view_post`` on the current rows,
so an alert never tells anyone about content they may not see.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.alerts import can_create_shared_alert, can_view_alert
from plein.access.groups import visible_groups
from plein.access.people import is_active_person, visible_people
from plein.access.posts import can_view_post
from plein.alerts.matching import (
    build_content,
    compile_query,
    forget_alert_index,
    get_alert_index,
    parse_alert_query,
)
from plein.alerts.models import Alert, AlertHit, AlertSubscription, Channel, Frequency
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.core.markdown import extract_hashtags
from plein.notifications.actions import do_notify
from plein.people.models import User
from plein.posts.models import Comment, Post

logger = logging.getLogger(__name__)

NAME_MAX_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 2000


def build_hit_key(alert_id: int, post_id: int, comment_id: int | None) -> str:
    """The notification key: one notification per alert, person and content."""
    return f"alert:{alert_id}:{post_id}:{comment_id or 0}"


def _clean_name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the alert a name."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            _("A name has at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH},
            field="name",
        )
    return name


def _clean_description(description: str | None) -> str:
    description = (description or "").replace("\r\n", "\n").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise InvalidInput(
            _("A description has at most %(limit)d characters.")
            % {"limit": DESCRIPTION_MAX_LENGTH},
            field="description",
        )
    return description


def _clean_delivery(frequency: str, channel: str) -> tuple[str, str]:
    if frequency not in Frequency.values:
        raise InvalidInput(_("Choose instant, daily or weekly."), field="frequency")
    if channel not in Channel.values:
        raise InvalidInput(_("Choose in Plein or by e-mail."), field="channel")
    return frequency, channel


def check_compile_query(actor: Any, query: str | None) -> tuple[str, list[Any]]:
    """Parse ``query`` and resolve its @handles and group:slugs as ``actor``.

    Returns the cleaned text and its compiled form. Raises
    InvalidInput(field="query") for an empty or over-long query, a line of
    stop words only, or a person or group the actor cannot see.
    """
    text = (query or "").replace("\r\n", "\n").strip()
    clauses = parse_alert_query(text)
    handles = {h for clause in clauses for h in clause.handles}
    slugs = {g for clause in clauses for g in clause.groups}
    user_ids = dict(
        visible_people(actor)
        .filter(handle__in=handles, is_active=True)
        .values_list("handle", "pk")
    )
    group_ids = dict(
        visible_groups(actor).filter(slug__in=slugs).values_list("slug", "pk")
    )
    # A hidden person or group is reported exactly like a missing one.
    unknown_handles = sorted(handles - set(user_ids))
    if unknown_handles:
        raise InvalidInput(
            _("Nobody has the handle @%(handle)s.") % {"handle": unknown_handles[0]},
            field="query",
        )
    unknown_groups = sorted(slugs - set(group_ids))
    if unknown_groups:
        raise InvalidInput(
            _("There is no group %(slug)s.") % {"slug": unknown_groups[0]},
            field="query",
        )
    return text, compile_query(clauses, user_ids=user_ids, group_ids=group_ids)


def _forget_index_on_commit() -> None:
    # Other processes notice through the index version; this one at once.
    transaction.on_commit(forget_alert_index)


def check_create_alert(
    actor: Any,
    *,
    name: str,
    query: str,
    frequency: str = Frequency.INSTANT,
    channel: str = Channel.IN_APP,
    is_shared: bool = False,
    description: str = "",
) -> Alert:
    """Create a personal alert, subscribed for its owner, or a shared one.

    Only organisation admins may create shared alerts (Forbidden). Raises
    InvalidInput naming "name", "description", "query", "frequency" or
    "channel".
    """
    if not is_active_person(actor):
        raise Forbidden()
    if is_shared and not can_create_shared_alert(actor):
        raise Forbidden(_("Only organisation admins can publish shared alerts."))
    name = _clean_name(name)
    description = _clean_description(description)
    text, compiled = check_compile_query(actor, query)
    frequency, channel = _clean_delivery(frequency, channel)
    return do_create_alert(
        actor,
        name=name,
        description=description,
        query=text,
        compiled=compiled,
        is_shared=is_shared,
        frequency=None if is_shared else frequency,
        channel=channel,
    )


def do_create_alert(
    actor: Any,
    *,
    name: str,
    query: str,
    compiled: list[Any],
    description: str = "",
    is_shared: bool = False,
    frequency: str | None = Frequency.INSTANT,
    channel: str = Channel.IN_APP,
) -> Alert:
    """Save the alert; with a ``frequency``, subscribe its creator too.

    Runs in the caller's transaction; the in-process index is dropped on
    commit.
    """
    alert = Alert.objects.create(
        name=name,
        description=description,
        query=query,
        compiled=compiled,
        is_shared=is_shared,
        created_by=actor,
    )
    if frequency is not None:
        AlertSubscription.objects.create(
            alert=alert, user=actor, frequency=frequency, channel=channel
        )
    _forget_index_on_commit()
    emit_on_commit(
        "alerts.alert.created",
        {"alert_id": alert.pk, "is_shared": is_shared},
        [actor.pk],
        actor_id=actor.pk,
    )
    return alert


def check_update_alert(
    actor: Any,
    alert: Alert,
    *,
    name: str | None = None,
    query: str | None = None,
    description: str | None = None,
    is_active: bool | None = None,
    frequency: str | None = None,
    channel: str | None = None,
) -> Alert:
    """Change an alert (``alert`` from ``access_alert(for_edit=True)``).

    Arguments left None keep their value. ``frequency`` and ``channel`` set
    the actor's own subscription (created when missing).
    """
    fields: dict[str, Any] = {}
    if name is not None:
        fields["name"] = _clean_name(name)
    if description is not None:
        fields["description"] = _clean_description(description)
    if query is not None:
        fields["query"], fields["compiled"] = check_compile_query(actor, query)
    if is_active is not None:
        fields["is_active"] = bool(is_active)
    if fields:
        do_update_alert(alert, **fields)
    if frequency is not None or channel is not None:
        current = AlertSubscription.objects.filter(alert=alert, user=actor).first()
        check_subscribe(
            actor,
            alert,
            frequency=frequency or (current.frequency if current else "instant"),
            channel=channel or (current.channel if current else "in_app"),
        )
    return alert


def do_update_alert(alert: Alert, **fields: Any) -> Alert:
    """Save the given fields (and ``updated_at``, the index version)."""
    for name, value in fields.items():
        setattr(alert, name, value)
    alert.save(update_fields=[*fields, "updated_at"])
    _forget_index_on_commit()
    emit_on_commit(
        "alerts.alert.updated", {"alert_id": alert.pk, "fields": sorted(fields)}
    )
    return alert


def do_delete_alert(alert: Alert) -> None:
    """Delete the alert with its subscriptions and hits.

    ``alert`` comes from ``access_alert(for_edit=True)``.
    """
    alert_id = alert.pk
    alert.delete()
    _forget_index_on_commit()
    emit_on_commit("alerts.alert.deleted", {"alert_id": alert_id})


def check_subscribe(
    actor: Any, alert: Alert, *, frequency: str, channel: str
) -> AlertSubscription:
    """Subscribe to a visible alert, or change how it is delivered.

    ``alert`` comes from ``access_alert``. Raises InvalidInput naming
    "frequency" or "channel".
    """
    frequency, channel = _clean_delivery(frequency, channel)
    if not alert.is_active:
        raise InvalidInput(_("This alert has been withdrawn."), field="alert")
    return do_subscribe(actor, alert, frequency=frequency, channel=channel)


def do_subscribe(
    actor: Any, alert: Alert, *, frequency: str, channel: str
) -> AlertSubscription:
    """Create or update the actor's subscription (row-level upsert)."""
    subscription, _created = AlertSubscription.objects.update_or_create(
        alert=alert, user=actor, defaults={"frequency": frequency, "channel": channel}
    )
    emit_on_commit(
        "alerts.subscription.saved",
        {"alert_id": alert.pk, "frequency": frequency, "channel": channel},
        [actor.pk],
        actor_id=actor.pk,
    )
    return subscription


def check_unsubscribe(actor: Any, alert: Alert) -> None:
    """Leave a shared alert; a personal alert is deleted instead."""
    if not alert.is_shared:
        raise InvalidInput(
            _("Delete a personal alert instead of unsubscribing."), field="alert"
        )
    do_unsubscribe(actor, alert)


def do_unsubscribe(actor: Any, alert: Alert) -> int:
    """Delete the subscription and its undelivered hits; returns rows deleted."""
    deleted, _per_model = AlertSubscription.objects.filter(
        alert=alert, user=actor
    ).delete()
    if deleted:
        emit_on_commit(
            "alerts.subscription.deleted",
            {"alert_id": alert.pk},
            [actor.pk],
            actor_id=actor.pk,
        )
    return deleted


def _is_visible(user: User, post: Post, comment: Comment | None) -> bool:
    if comment is not None and comment.deleted_at is not None:
        return False
    return can_view_post(user, post)


def _notify_hit(
    recipient_ids: Iterable[int],
    *,
    alert_id: int,
    post: Post,
    comment: Comment | None,
    channel: str,
) -> int:
    """One ALERT notification; its e-mail flag follows the channel."""
    ids = set(recipient_ids)
    comment_id = comment.pk if comment is not None else None
    key = build_hit_key(alert_id, post.pk, comment_id)
    written = do_notify(
        ids,
        kind="alert",
        key=key,
        actor_id=comment.author_id if comment is not None else post.author_id,
        post_id=post.pk,
        target=comment,
        # An alert states its own channel, whatever the person's preference.
        wants_email=channel == Channel.EMAIL,
    )
    return written


def do_match_new_content(post_id: int, comment_id: int | None = None) -> int:
    """Find the alerts a new post or comment matches and record the hits.

    Each subscriber gets a hit only when they can see the content now, and
    never for their own writing. Instant subscriptions are notified at once;
    daily and weekly hits wait for ``do_deliver_alert_hits``. Idempotent:
    hits and notifications are unique. Returns how many subscribers it
    matched for (hits already recorded included).
    """
    index = get_alert_index()
    if not index.by_key:
        return 0
    post = Post.objects.select_related("group").filter(pk=post_id).first()
    if post is None or post.deleted_at is not None:
        return 0
    comment = None
    if comment_id is not None:
        comment = Comment.objects.filter(pk=comment_id, post_id=post.pk).first()
        if (
            comment is None
            or comment.deleted_at is not None
            or comment.withheld_at is not None
        ):
            return 0
        content = build_content(
            comment.body,
            tags=extract_hashtags(comment.body),
            author_id=comment.author_id,
            group_id=post.group_id,
        )
    else:
        content = build_content(
            f"{post.title}\n{post.body}",
            tags=post.hashtags.values_list("name", flat=True),
            author_id=post.author_id,
            group_id=post.group_id,
        )
    alert_ids = index.match(content)
    if not alert_ids:
        return 0
    subscriptions = (
        AlertSubscription.objects.filter(
            alert_id__in=alert_ids, alert__is_active=True, user__is_active=True
        )
        .exclude(user_id=content.author_id)
        .select_related("user", "alert")
    )
    people: dict[int, User] = {}
    visible: dict[int, bool] = {}
    hits = []
    instant: dict[tuple[int, str], list[int]] = {}
    for subscription in subscriptions.iterator(chunk_size=1000):
        # One person object per id keeps their group memberships cached.
        user = people.setdefault(subscription.user_id, subscription.user)
        # A guest's subscription to a shared alert (made before they became
        # a guest) finds nothing: the alert does not exist for them.
        if not can_view_alert(user, subscription.alert):
            continue
        if user.pk not in visible:
            visible[user.pk] = _is_visible(user, post, comment)
        if not visible[user.pk]:
            continue
        hits.append(AlertHit(subscription=subscription, post=post, comment=comment))
        if subscription.frequency == Frequency.INSTANT:
            instant.setdefault(
                (subscription.alert_id, subscription.channel), []
            ).append(user.pk)
    AlertHit.objects.bulk_create(hits, ignore_conflicts=True, batch_size=1000)
    for (alert_id, channel), user_ids in instant.items():
        _notify_hit(
            user_ids, alert_id=alert_id, post=post, comment=comment, channel=channel
        )
    if instant:
        AlertHit.objects.filter(
            subscription__frequency=Frequency.INSTANT,
            subscription__alert_id__in={a for a, _c in instant},
            post=post,
            comment=comment,
            delivered_at__isnull=True,
        ).update(delivered_at=timezone.now())
    return len(hits)


def do_deliver_alert_hits(frequency: str) -> int:
    """Deliver the undelivered in-app hits of daily or weekly subscriptions.

    One notification per hit. Every hit is re-checked against the current
    post, comment, person and group membership; hits no longer visible are
    deleted (never delivered), whatever their channel. E-mail hits that are
    still visible stay for the digest (``list_digest_hits``). Each hit is
    claimed with a conditional update, so concurrent or repeated runs
    deliver it once. Returns the number of notifications written.
    """
    hits = (
        AlertHit.objects.filter(
            delivered_at__isnull=True, subscription__frequency=frequency
        )
        .select_related(
            "subscription__user", "subscription__alert", "post__group", "comment"
        )
        .order_by("id")
    )
    people: dict[int, User] = {}
    dropped: list[int] = []
    delivered = 0
    for hit in hits.iterator(chunk_size=500):
        subscription = hit.subscription
        user = people.setdefault(subscription.user_id, subscription.user)
        comment = hit.comment
        if (
            not subscription.alert.is_active
            or not can_view_alert(user, subscription.alert)
            or not _is_visible(user, hit.post, comment)
        ):
            dropped.append(hit.pk)
            continue
        if subscription.channel != Channel.IN_APP:
            continue
        # Claim and notify together: a failure leaves the hit undelivered.
        with transaction.atomic():
            claimed = AlertHit.objects.filter(
                pk=hit.pk, delivered_at__isnull=True
            ).update(delivered_at=timezone.now())
            if claimed:
                delivered += _notify_hit(
                    [user.pk],
                    alert_id=subscription.alert_id,
                    post=hit.post,
                    comment=comment,
                    channel=Channel.IN_APP,
                )
    AlertHit.objects.filter(pk__in=dropped, delivered_at__isnull=True).delete()
    return delivered


def do_mark_hits_delivered(hit_ids: Iterable[int]) -> int:
    """Mark hits delivered (the digest e-mail sent them); returns how many.

    Hits already delivered are left alone, so a repeated call returns 0.
    """
    return AlertHit.objects.filter(
        pk__in=list(hit_ids), delivered_at__isnull=True
    ).update(delivered_at=timezone.now())
