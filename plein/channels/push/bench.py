"""How fast one notification reaches many devices: ``measure_push_fanout``.

One mention-like notification about a post everyone may see, written for
``subscribers`` people with one device each, pushed to a push service on
loopback (``plein.channels.push.receiver``). The figure is the real sending
path of the task (``do_send_push_notifications``): the wanted-and-visible
query, the claims, a payload per person in their language, encryption per
device (RFC 8291) and one HTTP request each, in PUSH_CONCURRENCY threads.
Everything it adds is removed afterwards.
"""

import secrets
import time
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.db import transaction
from django.test import override_settings

from plein.channels.push.actions import do_send_push_notifications
from plein.channels.push.models import PushSubscription
from plein.channels.push.receiver import PushReceiver
from plein.channels.push.vapid import b64url
from plein.core.tasks import collect_tasks

TARGET_PER_SECOND = 500
# The most people the benchmark creates when the database has too few.
MAX_SUBSCRIBERS = 50_000


def _people(count: int, tag: str) -> tuple[list[int], list[int]]:
    """``count`` active people: existing ones first, then made for the run.

    Returns (all ids, ids made here).
    """
    from plein.people.models import User

    ids = list(
        User.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    made: list[int] = []
    missing = count - len(ids)
    if missing > 0:
        rows = [
            User(
                email=f"push-bench-{tag}-{i}@bench.invalid",
                handle=f"push-bench-{tag}-{i}",
                full_name=f"Push Bench {i}",
                password="!",  # noqa: S106 - an unusable password
            )
            for i in range(missing)
        ]
        User.objects.bulk_create(rows, batch_size=1000)
        made = list(
            User.objects.filter(
                email__endswith="@bench.invalid",
                handle__startswith=f"push-bench-{tag}-",
            ).values_list("pk", flat=True)
        )
        ids += made
    return ids, made


def measure_push_fanout(
    *, subscribers: int = 10_000, log: Callable[[str], None] = print
) -> list[dict[str, Any]]:
    """Push one notification to ``subscribers`` devices on loopback; pushes/s."""
    from plein.notifications.actions import do_notify
    from plein.notifications.models import Notification
    from plein.people.models import User
    from plein.posts.actions import do_create_post
    from plein.posts.models import Post

    subscribers = max(1, min(subscribers, MAX_SUBSCRIBERS))
    tag = secrets.token_hex(4)
    key = f"push-bench:{tag}"
    device = ec.generate_private_key(ec.SECP256R1())
    p256dh = b64url(
        device.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    auth = b64url(secrets.token_bytes(16))
    made: list[int] = []
    post_id = None
    with (
        override_settings(PUSH_ALLOW_LOOPBACK_HTTP=True),
        PushReceiver(keep=False) as service,
    ):
        try:
            started = time.perf_counter()
            ids, made = _people(subscribers + 1, tag)
            author_id, recipients = ids[0], ids[1:]
            PushSubscription.objects.bulk_create(
                [
                    PushSubscription(
                        user_id=user_id,
                        endpoint=service.endpoint(f"{tag}-{user_id}"),
                        p256dh=p256dh,
                        auth=auth,
                        device="bench",
                    )
                    for user_id in recipients
                ],
                batch_size=1000,
            )
            # The follow-up work of publishing (feed, search) is collected,
            # not run: only the push is measured.
            with collect_tasks(), transaction.atomic():
                post = do_create_post(
                    User.objects.get(pk=author_id),
                    body=f"Benchmark {tag}: de kantine is vrijdag gesloten.",
                    language="nl",
                )
                post_id = post.pk
                written = do_notify(
                    recipients, kind="mention", key=key, actor_id=author_id, post=post
                )
            log(
                f"  push fan-out: {len(recipients):,} devices, {written:,} "
                f"notifications set up in {time.perf_counter() - started:.1f} s"
            )
            started = time.perf_counter()
            sent = do_send_push_notifications(key=key, recipient_ids=recipients)
            seconds = time.perf_counter() - started
        finally:
            PushSubscription.objects.filter(
                endpoint__startswith=service.origin
            ).delete()
            Notification.objects.filter(key=key).delete()
            if post_id is not None:
                Post.objects.filter(pk=post_id).delete()
            if made:
                User.objects.filter(pk__in=made).delete()
        received = service.count
    rate = sent / seconds if seconds else 0.0
    log(
        f"  push fan-out: {sent:,} pushes in {seconds:.2f} s, {rate:,.0f}/s, "
        f"{received:,} received"
    )
    return [
        {
            "name": f"one notification pushed to {len(recipients):,} devices",
            "runs": 1,
            "pushes": sent,
            "received": received,
            "seconds": round(seconds, 3),
            "pushes_per_second": round(rate, 1),
            "target": f">= {TARGET_PER_SECOND} pushes/s",
            "status": "PASS"
            if rate >= TARGET_PER_SECOND and received == sent == len(recipients)
            else "MISS",
        }
    ]
