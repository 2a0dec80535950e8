"""Push subscriptions, push choices per kind, and sending the pushes.

A person turns push on per device: the browser subscribes with the push
service and hands Plein the subscription (``check_add_push_subscription``).
The push channel (``plein.channels.push.tasks.schedule_pushes``, registered
in ``PushConfig.ready``) enqueues ``do_send_push_notifications`` after
``do_notify``; it pushes each notification the recipient wants pushed
(``PushPreference``, else the kind's ``push_by_default``) and may still see,
once per device: every (notification, device) pair is claimed with a unique
row (``PushDelivery``) before it is sent, so the task enqueued after commit
and its retries push each once. See docs/push.md.
"""

import html
import json
import logging
import secrets
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from plein.access.notifications import visible_notifications
from plein.access.posts import readers_among
from plein.channels.push.models import PushDelivery, PushPreference, PushSubscription
from plein.channels.push.sending import (
    Outcome,
    Push,
    Sender,
    endpoint_problem,
    host_is_public,
)
from plein.channels.push.vapid import VapidSigner, b64url_decode
from plein.core.errors import InvalidInput
from plein.core.events import emit_on_commit
from plein.notifications.kinds import NotificationKind, notification_kinds
from plein.notifications.models import Notification
from plein.notifications.presentation import (
    build_notification_sentence,
    build_notification_url,
)
from plein.people.models import User

logger = logging.getLogger(__name__)

# Devices one person may have push on; the oldest goes when one more comes.
MAX_DEVICES = 20
# Notifications older than this are not pushed any more (a retry that comes
# this late would only confuse).
PENDING_WINDOW = timedelta(hours=6)
# Notifications handled per round: claims, payloads and requests.
CHUNK = 500
# Push services accept 4 KB of encrypted payload; ours stay far below.
MAX_BODY_CHARS = 240


class PushServiceUnavailable(Exception):
    """Some push services did not answer; the task tries those again later."""


# Subscriptions -----------------------------------------------------------------


def _decode_key(value: str, field: str, length: int) -> bytes:
    try:
        raw = b64url_decode(value)
    except ValueError:
        raise InvalidInput(
            _("This is not a base64url-encoded key."), field=field
        ) from None
    if len(raw) != length:
        raise InvalidInput(
            _("This key has the wrong length: %(expected)d bytes expected.")
            % {"expected": length},
            field=field,
        )
    return raw


def check_add_push_subscription(
    user: User,
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    expiration_time: int | None = None,
    device: str = "",
) -> tuple[PushSubscription, bool]:
    """Validate a browser's PushSubscription and keep it for ``user``.

    ``endpoint`` must be an https URL of a public host (loopback http only
    with PUSH_ALLOW_LOOPBACK_HTTP), ``p256dh`` a P-256 public key (65 bytes)
    and ``auth`` a 16-byte secret, both base64url; ``expiration_time`` is
    milliseconds since the epoch, as browsers give it. Raises InvalidInput
    naming the field ("endpoint", "keys.p256dh", "keys.auth",
    "expirationTime"). Returns the subscription and whether it is new.
    """
    problem = endpoint_problem(endpoint)
    if problem is not None:
        raise InvalidInput(
            _("The endpoint must be the https address of a push service."),
            field="endpoint",
        )
    raw_key = _decode_key(p256dh, "keys.p256dh", 65)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw_key)
    except ValueError:
        raise InvalidInput(
            _("This is not a public key on the P-256 curve."), field="keys.p256dh"
        ) from None
    _decode_key(auth, "keys.auth", 16)
    expires_at = None
    if expiration_time is not None:
        try:
            expires_at = datetime.fromtimestamp(expiration_time / 1000, tz=UTC)
        except (OverflowError, OSError, ValueError):
            raise InvalidInput(
                _("This is not a time in milliseconds since 1970."),
                field="expirationTime",
            ) from None
        if expires_at <= timezone.now():
            raise InvalidInput(
                _("This subscription has expired already."), field="expirationTime"
            )
    return do_add_push_subscription(
        user,
        endpoint=endpoint,
        p256dh=p256dh.rstrip("="),
        auth=auth.rstrip("="),
        expires_at=expires_at,
        device=" ".join(device.split())[:200],
    )


def do_add_push_subscription(
    user: User,
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    expires_at: datetime | None,
    device: str,
) -> tuple[PushSubscription, bool]:
    """Keep a validated subscription; the same endpoint again updates it.

    An endpoint belongs to one browser: when someone else signs in there and
    turns push on, the subscription becomes theirs. Beyond MAX_DEVICES the
    person's oldest subscription is dropped. Runs in the caller's
    transaction and locks the endpoint's row.
    """
    existing = PushSubscription.objects.select_for_update().filter(endpoint=endpoint)
    subscription = existing.first()
    if subscription is not None:
        subscription.user = user
        subscription.p256dh = p256dh
        subscription.auth = auth
        subscription.expires_at = expires_at
        subscription.device = device or subscription.device
        subscription.save(
            update_fields=["user", "p256dh", "auth", "expires_at", "device"]
        )
        return subscription, False
    subscription = PushSubscription.objects.create(
        user=user,
        endpoint=endpoint,
        p256dh=p256dh,
        auth=auth,
        expires_at=expires_at,
        device=device,
    )
    surplus = PushSubscription.objects.filter(user=user).values_list("pk", flat=True)[
        MAX_DEVICES:
    ]
    PushSubscription.objects.filter(pk__in=list(surplus)).delete()
    # The push service's host only: the endpoint is a capability.
    emit_on_commit(
        "push.subscription.added",
        {"subscription_id": subscription.pk, "service": subscription.endpoint_host},
        [user.pk],
        actor_id=user.pk,
    )
    return subscription, True


def do_remove_push_subscription(subscription: PushSubscription) -> None:
    """Forget a device its owner turned off or removed."""
    emit_on_commit(
        "push.subscription.removed",
        {"subscription_id": subscription.pk, "service": subscription.endpoint_host},
        [subscription.user_id],
        actor_id=subscription.user_id,
    )
    subscription.delete()


# Choices per kind ----------------------------------------------------------------


def pushable_kinds() -> list[NotificationKind]:
    """The kinds that may be pushed, in the order of the settings page."""
    from plein.notifications.kinds import listed_kinds

    return [kind for kind in listed_kinds() if kind.push]


def get_push_choices(user: User) -> dict[str, bool]:
    """Per pushable kind: whether ``user`` has it pushed (choice or default)."""
    chosen = dict(
        PushPreference.objects.filter(user=user).values_list("kind", "is_enabled")
    )
    return {
        kind.code: chosen.get(kind.code, kind.push_by_default)
        for kind in pushable_kinds()
    }


def check_set_push_preference(user: User, kind: str, *, is_enabled: bool) -> None:
    """Switch push for one kind of notification on or off for ``user``.

    Raises InvalidInput (field "kind") for a kind that is not registered or
    is never pushed.
    """
    entry = notification_kinds.get(kind)
    if entry is None or (is_enabled and not entry.push):
        raise InvalidInput(
            _("This kind of notification cannot be pushed."), field="kind"
        )
    PushPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"is_enabled": is_enabled}
    )


def check_set_push_preferences(user: User, choices: Mapping[str, bool]) -> None:
    """Set several kinds at once (the settings page and the API).

    Kinds left out keep their setting. Every kind is checked before any is
    saved: raises InvalidInput (field "kind") naming the first one that is
    not registered or is never pushed. Runs in the caller's transaction.
    """
    current = get_push_choices(user)
    for kind in choices:
        if kind not in current:
            raise InvalidInput(
                _("“%(kind)s” is not a kind of notification that can be pushed.")
                % {"kind": kind},
                field="kind",
            )
    for kind, is_enabled in choices.items():
        if current[kind] != is_enabled:
            check_set_push_preference(user, kind, is_enabled=is_enabled)


# Sending -------------------------------------------------------------------------


def _wants_push_filter() -> Q:
    """Notifications their recipient wants pushed, as a Q over Notification."""
    kinds = notification_kinds.values()
    eligible = Q(kind__in=[kind.code for kind in kinds if kind.push])
    by_default = [kind.code for kind in kinds if kind.push and kind.push_by_default]
    prefs = PushPreference.objects.filter(
        user_id=OuterRef("recipient_id"), kind=OuterRef("kind")
    )
    chose_on = Exists(prefs.filter(is_enabled=True))
    chose_off = Exists(prefs.filter(is_enabled=False))
    return eligible & (chose_on | (Q(kind__in=by_default) & ~chose_off))


def list_pending_pushes(
    *, key: str, recipient_ids: Iterable[int]
) -> QuerySet[Notification]:
    """The notifications of one ``do_notify`` call to push: recent, wanted,
    to an active person with a device. Visibility is checked at send time.
    """
    devices = PushSubscription.objects.filter(user_id=OuterRef("recipient_id"))
    return (
        Notification.objects.filter(
            key=key,
            recipient_id__in=list(recipient_ids),
            recipient__is_active=True,
            created_at__gte=timezone.now() - PENDING_WINDOW,
        )
        .filter(_wants_push_filter())
        .filter(Exists(devices))
    )


def _visible_ids(rows: list[Mapping[str, Any]]) -> set[int]:
    """Of these notifications, those whose recipient may see the subject now.

    A notification about a post only (most of them, and every big fan-out)
    is checked for all its recipients at once with ``readers_among``, the
    set form of ``can_view_post``; one with another target goes through
    ``visible_notifications`` for its recipient.
    """
    from plein.posts.models import Post

    visible: set[int] = set()
    by_post: dict[int | None, dict[int, int]] = defaultdict(dict)
    with_target: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row["target_type_id"] is not None:
            with_target[row["recipient_id"]].append(row["pk"])
        else:
            by_post[row["post_id"]][row["recipient_id"]] = row["pk"]
    posts = Post.objects.select_related("group").in_bulk(
        [post_id for post_id in by_post if post_id is not None]
    )
    for post_id, by_recipient in by_post.items():
        if post_id is None:
            visible.update(by_recipient.values())  # recipients are active
            continue
        post = posts.get(post_id)
        if post is None:
            continue
        readers = readers_among(post, by_recipient)
        visible.update(pk for rid, pk in by_recipient.items() if rid in readers)
    for user in User.objects.filter(pk__in=list(with_target), is_active=True):
        visible.update(
            visible_notifications(user)
            .filter(pk__in=with_target[user.pk])
            .values_list("pk", flat=True)
        )
    return visible


def _plain(sentence: str) -> str:
    return " ".join(html.unescape(strip_tags(sentence)).split())


def build_push_payload(notification: Notification) -> bytes:
    """What the device shows, in the recipient's language: short, and only
    what the notification's own page shows (the sentence and the link).

    The related rows (recipient, actor, post, target) should be loaded.
    """
    with translation.override(notification.recipient.language):
        body = _plain(build_notification_sentence(notification))
        if len(body) > MAX_BODY_CHARS:
            body = body[: MAX_BODY_CHARS - 1] + "…"
        data = {
            "title": settings.SITE_NAME,
            "body": body,
            # A path: the service worker opens it on its own origin only.
            "url": build_notification_url(notification),
            # A newer push about the same thing replaces the older one.
            "tag": f"plein:{notification.group_key}"[:100],
            "lang": translation.get_language(),
        }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


class _Run:
    """One sending run: its claim token, signer, sender and host checks."""

    def __init__(self, sender: Sender | None) -> None:
        self.token = secrets.token_hex(16)
        self.signer = VapidSigner()
        self.sender = sender or Sender()
        self.owns_sender = sender is None
        self.hosts: dict[str, bool] = {}
        self.sent = 0
        self.transient = 0

    def host_allowed(self, endpoint: str) -> bool:
        from urllib.parse import urlsplit

        host = urlsplit(endpoint).hostname or ""
        if host not in self.hosts:
            self.hosts[host] = host_is_public(host)
        return self.hosts[host]


def _claim(run: _Run, notification_ids: list[int]) -> list[Mapping[str, Any]]:
    """Claim every (notification, device) pair not claimed yet; the claimed."""
    now = timezone.now()
    pairs = Notification.objects.filter(pk__in=notification_ids).values_list(
        "pk", "recipient_id"
    )
    recipients: dict[int, list[int]] = defaultdict(list)
    for pk, recipient_id in pairs:
        recipients[recipient_id].append(pk)
    devices = PushSubscription.objects.filter(user_id__in=list(recipients)).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )
    rows = [
        PushDelivery(
            notification_id=notification_id,
            subscription_id=device_id,
            claim=run.token,
            created_at=now,
        )
        for device_id, user_id in devices.values_list("pk", "user_id")
        for notification_id in recipients[user_id]
    ]
    # The unique pair refuses what another run (or an earlier attempt)
    # claimed; this run's token finds what it won.
    PushDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return list(
        PushDelivery.objects.filter(
            claim=run.token, notification_id__in=notification_ids
        ).values(
            "pk",
            "notification_id",
            "subscription_id",
            "subscription__endpoint",
            "subscription__p256dh",
            "subscription__auth",
        )
    )


def _record(run: _Run, outcomes: list[Outcome]) -> None:
    sent = [o.push.subscription_id for o in outcomes if o.is_sent]
    gone = [o.push.subscription_id for o in outcomes if o.is_gone]
    retry = [o.push.delivery_id for o in outcomes if o.is_transient]
    if sent:
        PushSubscription.objects.filter(pk__in=set(sent)).update(
            last_pushed_at=timezone.now()
        )
    if gone:
        # The push service says the subscription is no more (RFC 8030 7.3).
        PushSubscription.objects.filter(pk__in=set(gone)).delete()
    if retry:
        # Released, so the retry of the task claims them again.
        PushDelivery.objects.filter(pk__in=retry).delete()
    for outcome in outcomes:
        if not (outcome.is_sent or outcome.is_gone or outcome.is_transient):
            logger.warning(
                "push service refused a push to subscription %s: %s",
                outcome.push.subscription_id,
                outcome.status,
            )
    run.sent += len(sent)
    run.transient += len(retry)


def _push_chunk(run: _Run, notification_ids: list[int]) -> None:
    claimed = _claim(run, notification_ids)
    if not claimed:
        return
    notifications = (
        Notification.objects.filter(pk__in={c["notification_id"] for c in claimed})
        .select_related("recipient", "actor", "post", "post__group")
        .prefetch_related("target")
    )
    # Recipients of one do_notify call read the same words in their
    # language: a sentence and a link are about the subject, not the reader
    # (the placeholders are {actor}, {post}, {group} and {target}).
    by_subject: dict[tuple[Any, ...], bytes] = {}
    payloads = {}
    for n in notifications:
        subject = (
            n.recipient.language,
            n.kind,
            n.actor_id,
            n.post_id,
            n.target_type_id,
            n.target_id,
            n.group_key,
        )
        if subject not in by_subject:
            by_subject[subject] = build_push_payload(n)
        payloads[n.pk] = by_subject[subject]
    pushes = []
    for claim in claimed:
        endpoint = claim["subscription__endpoint"]
        if not run.host_allowed(endpoint):
            logger.warning(
                "push endpoint of subscription %s is not public: not sent",
                claim["subscription_id"],
            )
            continue
        pushes.append(
            Push(
                delivery_id=claim["pk"],
                subscription_id=claim["subscription_id"],
                endpoint=endpoint,
                p256dh=claim["subscription__p256dh"],
                auth=claim["subscription__auth"],
                payload=payloads[claim["notification_id"]],
                headers={**run.signer.headers_for(endpoint), "Urgency": "normal"},
            )
        )
    _record(run, run.sender.send(pushes))


def do_send_push_notifications(
    *, key: str, recipient_ids: Iterable[int], sender: Sender | None = None
) -> int:
    """Push the notifications one ``do_notify`` call wrote, to every device.

    Only kinds the recipient wants pushed, only while they may still see
    the subject (checked now, not when the notification was written), each
    (notification, device) once. A device the push service no longer knows
    (404, 410) is forgotten. Runs outside a transaction: each claim commits
    on its own. Returns how many pushes the push services accepted; raises
    PushServiceUnavailable after the run when some could not be delivered
    now, so the task tries those (and only those) again.
    """
    rows: list[Mapping[str, Any]] = list(
        list_pending_pushes(key=key, recipient_ids=recipient_ids).values(
            "pk", "recipient_id", "post_id", "target_type_id"
        )
    )
    if not rows:
        return 0
    ids = sorted(_visible_ids(rows))
    run = _Run(sender)
    try:
        for chunk in _chunks(ids, CHUNK):
            _push_chunk(run, chunk)
    finally:
        if run.owns_sender:
            run.sender.close()
    if run.transient:
        raise PushServiceUnavailable(
            f"{run.transient} pushes could not be delivered now"
        )
    return run.sent


def do_prune_push_deliveries(*, older_than: timedelta = timedelta(days=2)) -> int:
    """Forget claims past any retry (they only kept pushes from repeating),
    and subscriptions past the expiry time their browser gave.

    Returns how many rows were deleted.
    """
    now = timezone.now()
    expired = PushSubscription.objects.filter(expires_at__lt=now).delete()[0]
    old = PushDelivery.objects.filter(created_at__lt=now - older_than)
    return expired + old.delete()[0]
