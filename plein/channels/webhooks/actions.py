"""Every change to webhooks, and every delivery attempt.

``check_*`` validates and authorises, then calls the matching ``do_*``. A
webhook already passed ``plein.access.webhooks.access_webhook`` when it
reaches an action that takes one.

Delivery: an event in a webhook's scope becomes one ``Delivery`` row
(``do_queue_event``, from the event handlers) and a task per delivery. An
attempt claims the row with a conditional update, so two workers never send
it at once, and a worker killed mid-request leaves a claim that runs out
after ``CLAIM_SECONDS``, when the sweeper (``do_send_due_deliveries``) sends
again with the same ``webhook-id``: delivery is at least once, and the
receiver recognises a repeat by its id. A failed attempt is retried after
``RETRY_DELAYS``; after ``MAX_ATTEMPTS`` the delivery has failed. A webhook
whose attempts have failed ``DISABLE_AFTER_FAILURES`` times in a row over
at least ``DISABLE_AFTER`` is turned off and its creator told.
"""

import base64
import json
import logging
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.webhooks import (
    access_group_for_webhook,
    can_create_org_webhook,
    webhook_may_see_group,
)
from plein.channels.webhooks.models import Delivery, DeliveryAttempt, Webhook
from plein.channels.webhooks.payloads import EVENT_TYPES, TEST_EVENT, build_payload
from plein.channels.webhooks.sending import (
    AddressRefused,
    Outcome,
    check_url_address,
    send_signed,
)
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.groups.models import Group
from plein.notifications.actions import do_notify
from plein.people.models import User

logger = logging.getLogger(__name__)

URL_MAX_LENGTH = 500
DESCRIPTION_MAX_LENGTH = 200
# The Standard Webhooks recommendation: at once, then after these delays.
RETRY_DELAYS = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Longer than a request may take (sending.TIMEOUT_SECONDS) with room to spare.
CLAIM_SECONDS = 60
# How long the delivery log keeps finished deliveries.
LOG_KEEP_DAYS = 30
# A rotated-out secret keeps signing this long, so receivers can switch.
ROTATION_GRACE = timedelta(hours=24)
DISABLE_AFTER_FAILURES = MAX_ATTEMPTS
DISABLE_AFTER = timedelta(days=1)
# The sweeper sends what its task should have sent by now: a lost task,
# a killed worker, a queue that cannot defer.
SWEEP_BATCH = 200


def build_secret() -> str:
    """A new signing secret: ``whsec_`` and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode("ascii")


def build_message_id() -> str:
    return "msg_" + secrets.token_urlsafe(18)


# Managing webhooks -------------------------------------------------------------


def _clean_url(url: str | None) -> str:
    url = (url or "").strip()
    if not url:
        raise InvalidInput(_("Give the address to send events to."), field="url")
    if len(url) > URL_MAX_LENGTH:
        raise InvalidInput(
            _("An address has at most %(limit)d characters.")
            % {"limit": URL_MAX_LENGTH},
            field="url",
        )
    # Plain http only where private hosts are allowed (development, tests):
    # elsewhere the signed content would cross the network readable.
    schemes = ["http", "https"] if settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS else ["https"]
    try:
        URLValidator(schemes=schemes)(url)
    except ValidationError:
        raise InvalidInput(_("Enter a valid https:// address."), field="url") from None
    try:
        check_url_address(url)
    except AddressRefused:
        raise InvalidInput(
            _(
                "Plein cannot send to this address: it does not resolve, or it "
                "is inside the organisation's network."
            ),
            field="url",
        ) from None
    return url


def _clean_description(description: str | None) -> str:
    description = " ".join((description or "").split())
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise InvalidInput(
            _("A description has at most %(limit)d characters.")
            % {"limit": DESCRIPTION_MAX_LENGTH},
            field="description",
        )
    return description


def _clean_event_types(event_types: list[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(event_types or []))
    if not chosen:
        raise InvalidInput(_("Choose at least one event."), field="events")
    unknown = [e for e in chosen if e not in EVENT_TYPES]
    if unknown:
        raise InvalidInput(
            _("There is no event %(event)s.") % {"event": unknown[0]},
            field="events",
        )
    return [e for e in EVENT_TYPES if e in chosen]


def check_create_webhook(
    actor: User,
    *,
    url: str,
    event_types: list[str],
    description: str = "",
    group_id: int | None = None,
) -> Webhook:
    """Create a webhook for the organisation (``group_id`` None) or a group.

    Organisation webhooks are for organisation admins, a group's for those
    who administer it. Raises Forbidden (field "group_id"), NotFound for a
    group the actor cannot see (field "group_id"), and InvalidInput naming
    "url", "events" or "description".
    """
    group: Group | None = None
    if group_id is None:
        if not can_create_org_webhook(actor):
            raise Forbidden(
                _("Only organisation admins can add webhooks for the organisation."),
                field="group_id",
            )
    else:
        group = access_group_for_webhook(actor, group_id)
    return do_create_webhook(
        actor,
        group=group,
        url=_clean_url(url),
        description=_clean_description(description),
        event_types=_clean_event_types(event_types),
    )


def do_create_webhook(
    actor: User,
    *,
    group: Group | None,
    url: str,
    description: str,
    event_types: list[str],
) -> Webhook:
    """Write the webhook with a new secret; the caller shows the secret once.

    Audited: a webhook sends content out of Plein.
    """
    webhook = Webhook.objects.create(
        group=group,
        url=url,
        description=description,
        event_types=event_types,
        secret=build_secret(),
        created_by=actor,
    )
    _audit("webhooks.webhook.created", webhook, actor)
    return webhook


def _audit(
    name: str,
    webhook: Webhook,
    actor: User | None,
    extra: dict[str, Any] | None = None,
) -> None:
    emit_on_commit(
        name,
        {"webhook_id": webhook.pk, "group_id": webhook.group_id, **(extra or {})},
        [actor.pk] if actor is not None else [],
        actor_id=actor.pk if actor is not None else None,
    )


def do_delete_webhook(webhook: Webhook, *, actor: User | None = None) -> None:
    """Delete the webhook with its deliveries and their log."""
    _audit("webhooks.webhook.deleted", webhook, actor)
    webhook.delete()


def do_rotate_secret(
    webhook: Webhook, *, now: datetime | None = None, actor: User | None = None
) -> str:
    """Give the webhook a new secret; the old one signs too for a day.

    Every request in the grace period carries two signatures, so the
    receiver can switch to the new secret whenever it likes. Returns the new
    secret (shown once). A second rotation within the grace period drops the
    oldest secret.
    """
    now = now or timezone.now()
    webhook.previous_secret = webhook.secret
    webhook.previous_secret_expires_at = now + ROTATION_GRACE
    webhook.secret = build_secret()
    webhook.save(
        update_fields=["previous_secret", "previous_secret_expires_at", "secret"]
    )
    _audit("webhooks.webhook.secret_rotated", webhook, actor)
    return webhook.secret


def do_set_webhook_active(
    webhook: Webhook, *, is_active: bool, actor: User | None = None
) -> None:
    """Turn the webhook on (a fresh start: no failures counted) or off.

    Deliveries missed while it was off are not sent afterwards.
    """
    webhook.is_active = is_active
    webhook.disabled_at = None if is_active else timezone.now()
    webhook.consecutive_failures = 0
    webhook.failing_since = None
    webhook.save(
        update_fields=[
            "is_active",
            "disabled_at",
            "consecutive_failures",
            "failing_since",
        ]
    )
    _audit(
        "webhooks.webhook.turned_on" if is_active else "webhooks.webhook.turned_off",
        webhook,
        actor,
    )


def check_update_webhook(
    actor: User,
    webhook: Webhook,
    *,
    description: str | None = None,
    event_types: list[str] | None = None,
    is_active: bool | None = None,
) -> Webhook:
    """Change what is given of a webhook: description, events, on or off.

    ``webhook`` already passed ``access_webhook`` (only those who manage it
    get here). Turning it on or off goes through do_set_webhook_active,
    as on its page; a new description or choice of events is saved by
    do_update_webhook. Nothing is saved unless every given value is valid:
    raises InvalidInput naming "description" or "events". Runs in the
    caller's transaction.
    """
    changes: dict[str, Any] = {}
    if description is not None:
        clean = _clean_description(description)
        if clean != webhook.description:
            changes["description"] = clean
    if event_types is not None:
        chosen = _clean_event_types(event_types)
        if chosen != webhook.event_types:
            changes["event_types"] = chosen
    if changes:
        do_update_webhook(webhook, actor=actor, **changes)
    if is_active is not None and is_active != webhook.is_active:
        do_set_webhook_active(webhook, is_active=is_active, actor=actor)
    return webhook


def do_update_webhook(
    webhook: Webhook,
    *,
    actor: User | None = None,
    description: str | None = None,
    event_types: list[str] | None = None,
) -> None:
    """Save a clean description and/or choice of events.

    Audited as ``webhooks.webhook.updated`` with the names of the changed
    fields: the events decide what content leaves Plein. Deliveries already
    queued are sent as they are.
    """
    fields = []
    if description is not None:
        webhook.description = description
        fields.append("description")
    if event_types is not None:
        webhook.event_types = event_types
        fields.append("event_types")
    if not fields:
        return
    webhook.save(update_fields=fields)
    _audit("webhooks.webhook.updated", webhook, actor, {"changed": fields})


def check_send_test_event(webhook: Webhook) -> Delivery:
    """Queue a ``webhook.test`` event; refused while the webhook is off.

    Raises InvalidInput (field "is_active") for a webhook that is off.
    """
    if not webhook.is_active:
        raise InvalidInput(
            _("Turn the webhook on before sending a test."), field="is_active"
        )
    return _queue(webhook, TEST_EVENT, f"test:{build_message_id()}", {})


# Queueing events ---------------------------------------------------------------


def _queue(
    webhook: Webhook, event_type: str, event_key: str, subject: dict[str, Any]
) -> Delivery:
    from plein.channels.webhooks.tasks import deliver_webhook

    now = timezone.now()
    delivery, created = Delivery.objects.get_or_create(
        webhook=webhook,
        event_key=event_key,
        defaults={
            "message_id": build_message_id(),
            "event_type": event_type,
            "subject": subject,
            "occurred_at": now,
            "next_attempt_at": now,
        },
    )
    # Skipped because its content was out of sight (held back, say) and now
    # announced again (released): it gets its chance, with the same id.
    revived = not created and bool(
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SKIPPED).update(
            status=Delivery.Status.PENDING, next_attempt_at=now, finished_at=None
        )
    )
    if created or revived:
        enqueue_on_commit(deliver_webhook, delivery_id=delivery.pk)
    return delivery


def do_queue_event(
    event_type: str,
    event_key: str,
    subject: dict[str, Any],
    *,
    group: Group | None,
) -> list[Delivery]:
    """One delivery for every active webhook subscribed to ``event_type``
    whose scope covers ``group`` (None: content outside groups).

    Runs in the caller's transaction (an event handler); the delivery task
    runs after commit and checks the scope again on the current rows.
    ``event_key`` makes a repeated event harmless.
    """
    candidates = Webhook.objects.filter(is_active=True).filter(
        Q(group__isnull=True) | Q(group_id=group.pk if group else None)
    )
    queued = []
    for webhook in candidates:
        if event_type not in webhook.event_types:
            continue
        if not webhook_may_see_group(webhook, group):
            continue
        queued.append(_queue(webhook, event_type, event_key, subject))
    return queued


# Delivering --------------------------------------------------------------------


def _claim(delivery_id: int, now: datetime) -> bool:
    """Take the delivery for one attempt if it is due and nobody holds it."""
    due = Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now) | Q(
        status=Delivery.Status.SENDING, claimed_until__lt=now
    )
    return bool(
        Delivery.objects.filter(due, pk=delivery_id).update(
            status=Delivery.Status.SENDING,
            claimed_until=now + timedelta(seconds=CLAIM_SECONDS),
            attempt_count=F("attempt_count") + 1,
        )
    )


def _finish(delivery: Delivery, status: str, now: datetime) -> None:
    Delivery.objects.filter(
        pk=delivery.pk,
        status=Delivery.Status.SENDING,
        attempt_count=delivery.attempt_count,
    ).update(status=status, finished_at=now, claimed_until=None, next_attempt_at=None)


def _signing_secrets(webhook: Webhook, now: datetime) -> list[str]:
    keys = [webhook.secret]
    expires = webhook.previous_secret_expires_at
    if webhook.previous_secret and expires is not None and expires > now:
        keys.append(webhook.previous_secret)
    return keys


def do_attempt_delivery(delivery_id: int) -> str:
    """Send one delivery once, if it is due; answer its status afterwards.

    Must run outside a transaction that other work depends on: the HTTP
    request takes up to ``sending.TIMEOUT_SECONDS``. A delivery that is not
    due, or that another worker holds, is left alone. Content its webhook's
    scope may no longer see, and deliveries of a webhook that was turned
    off, are not sent ("skipped").
    """
    now = timezone.now()
    if not _claim(delivery_id, now):
        status = (
            Delivery.objects.filter(pk=delivery_id)
            .values_list("status", flat=True)
            .first()
        )
        return str(status or "gone")
    delivery = Delivery.objects.select_related("webhook", "webhook__group").get(
        pk=delivery_id
    )
    webhook = delivery.webhook
    if not webhook.is_active:
        _finish(delivery, Delivery.Status.SKIPPED, now)
        return Delivery.Status.SKIPPED
    payload = build_payload(delivery)
    if payload is None:
        _finish(delivery, Delivery.Status.SKIPPED, now)
        return Delivery.Status.SKIPPED
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    outcome = send_signed(
        webhook.url,
        body,
        message_id=delivery.message_id,
        timestamp=now,
        secrets=_signing_secrets(webhook, now),
    )
    return _record_attempt(delivery, outcome, now)


def _record_attempt(delivery: Delivery, outcome: Outcome, now: datetime) -> str:
    webhook = delivery.webhook
    retry_at: datetime | None = None
    with transaction.atomic():
        DeliveryAttempt.objects.bulk_create(
            [
                DeliveryAttempt(
                    delivery=delivery,
                    number=delivery.attempt_count,
                    attempted_at=now,
                    status_code=outcome.status_code,
                    duration_ms=outcome.duration_ms,
                    error=outcome.error[:200],
                    response_excerpt=outcome.excerpt[:200],
                    is_success=outcome.is_success,
                )
            ],
            ignore_conflicts=True,
        )
        if outcome.is_success:
            _finish(delivery, Delivery.Status.SUCCEEDED, timezone.now())
            Webhook.objects.filter(pk=webhook.pk).update(
                consecutive_failures=0, failing_since=None
            )
            return Delivery.Status.SUCCEEDED
        if delivery.attempt_count >= MAX_ATTEMPTS:
            _finish(delivery, Delivery.Status.FAILED, timezone.now())
            status = Delivery.Status.FAILED
        else:
            retry_at = now + RETRY_DELAYS[delivery.attempt_count - 1]
            Delivery.objects.filter(
                pk=delivery.pk,
                status=Delivery.Status.SENDING,
                attempt_count=delivery.attempt_count,
            ).update(
                status=Delivery.Status.PENDING,
                next_attempt_at=retry_at,
                claimed_until=None,
            )
            status = Delivery.Status.PENDING
        _count_failure(webhook, now)
        if retry_at is not None:
            _schedule_retry(delivery.pk, retry_at)
    return status


def _schedule_retry(delivery_id: int, when: datetime) -> None:
    from plein.channels.webhooks.tasks import deliver_webhook

    # A queue that cannot defer (the immediate one) leaves it to the sweeper.
    if deliver_webhook.get_backend().supports_defer:
        enqueue_on_commit(
            deliver_webhook.using(run_after=when), delivery_id=delivery_id
        )


def _count_failure(webhook: Webhook, now: datetime) -> None:
    Webhook.objects.filter(pk=webhook.pk).update(
        consecutive_failures=F("consecutive_failures") + 1,
        failing_since=Coalesce(F("failing_since"), now),
    )
    webhook.refresh_from_db(
        fields=["consecutive_failures", "failing_since", "is_active"]
    )
    if not webhook.is_active or webhook.failing_since is None:
        return
    if webhook.consecutive_failures < DISABLE_AFTER_FAILURES:
        return
    if now - webhook.failing_since < DISABLE_AFTER:
        return
    do_disable_failing_webhook(webhook, now=now)


def do_disable_failing_webhook(webhook: Webhook, *, now: datetime) -> None:
    """Turn off a webhook that keeps failing and tell its creator.

    Expects the caller's transaction. Its waiting deliveries are not sent;
    an admin turns it on again from its page or the API. Claimed with a
    conditional update: told once, however many attempts fail together.
    """
    turned_off = Webhook.objects.filter(pk=webhook.pk, is_active=True).update(
        is_active=False, disabled_at=now
    )
    if not turned_off:
        return
    webhook.is_active = False
    webhook.disabled_at = now
    Delivery.objects.filter(webhook=webhook, status=Delivery.Status.PENDING).update(
        status=Delivery.Status.SKIPPED, finished_at=now, next_attempt_at=None
    )
    logger.warning("webhook %s turned off after repeated failures", webhook.pk)
    if webhook.created_by_id is not None:
        do_notify(
            [webhook.created_by_id],
            kind="webhook_disabled",
            key=f"webhook_disabled:{webhook.pk}:{int(now.timestamp())}",
        )


def do_send_due_deliveries(*, limit: int = SWEEP_BATCH) -> int:
    """Attempt every delivery that is due and not held; answer how many.

    The safety net behind the per-delivery tasks: it sends what a lost
    task, a killed worker (its claim ran out) or a queue that cannot defer
    left behind.
    """
    now = timezone.now()
    due = Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_until__lt=now)
    ).order_by("next_attempt_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:limit])
    for delivery_id in ids:
        try:
            do_attempt_delivery(delivery_id)
        except Exception:
            # One broken delivery must not hold up the others.
            logger.exception("webhook delivery %s failed", delivery_id)
    return len(ids)


def do_prune_deliveries(*, now: datetime | None = None) -> int:
    """Delete finished deliveries older than ``LOG_KEEP_DAYS``, in batches.

    Waiting and claimed ones are never touched. Idempotent; answers how
    many deliveries were deleted.
    """
    cutoff = (now or timezone.now()) - timedelta(days=LOG_KEEP_DAYS)
    old = Delivery.objects.filter(
        status__in=[
            Delivery.Status.SUCCEEDED,
            Delivery.Status.FAILED,
            Delivery.Status.SKIPPED,
        ],
        created_at__lt=cutoff,
    )
    deleted = 0
    while ids := list(old.values_list("pk", flat=True)[:1000]):
        deleted += (
            Delivery.objects.filter(pk__in=ids).delete()[1].get("webhooks.Delivery", 0)
        )
    return deleted
