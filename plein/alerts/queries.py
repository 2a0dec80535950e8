"""Reads for the alert pages, the API and the digest e-mail.

Hits are always filtered with ``visible_post_filter`` for the person
reading them, at the moment of reading: content that became invisible since
it was matched never shows.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Prefetch, Q, QuerySet

from plein.access.alerts import visible_alerts
from plein.access.posts import visible_comment_filter, visible_post_filter
from plein.alerts.models import Alert, AlertHit, AlertSubscription, Channel

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

HITS_PAGE = 50


class MySubscriptions(TypedDict):
    """The prefetch ``_with_subscription`` adds to each alert."""

    my_subscriptions: list[AlertSubscription]


@dataclass
class AlertsPage:
    """What /alerts/ shows: the person's alerts and the shared ones."""

    personal: list[Alert]
    shared: list[Alert]


def _with_subscription(
    user: Any, qs: QuerySet[Alert]
) -> "QuerySet[WithAnnotations[Alert, MySubscriptions]]":
    # ``my_subscriptions`` holds the user's subscription, or nothing.
    return qs.prefetch_related(
        Prefetch(
            "subscriptions",
            queryset=AlertSubscription.objects.filter(user_id=user.pk),
            to_attr="my_subscriptions",
        )
    )


def get_alerts_page(user: Any) -> AlertsPage:
    """The user's personal alerts and the shared alerts they may see."""
    alerts = list(_with_subscription(user, visible_alerts(user)).order_by("name", "id"))
    for alert in alerts:
        alert.subscription = (
            alert.my_subscriptions[0] if alert.my_subscriptions else None
        )
    return AlertsPage(
        personal=[a for a in alerts if not a.is_shared],
        shared=[a for a in alerts if a.is_shared],
    )


def list_alerts(user: Any) -> list[Alert]:
    """Every alert the user may see, each with ``subscription`` (or None)."""
    page = get_alerts_page(user)
    return page.personal + page.shared


def get_subscription(user: Any, alert: Alert) -> AlertSubscription | None:
    return AlertSubscription.objects.filter(alert=alert, user_id=user.pk).first()


def _visible_hits(user: Any) -> QuerySet[AlertHit]:
    # Hits of an alert the user may no longer see (a shared alert, for
    # someone who became an external guest) are never shown either.
    return (
        AlertHit.objects.filter(subscription__user_id=user.pk)
        .filter(subscription__alert__in=visible_alerts(user))
        .filter(visible_post_filter(user, prefix="post__"))
        .filter(
            Q(comment__isnull=True) | visible_comment_filter(user, prefix="comment__")
        )
    )


def list_recent_hits(
    user: Any, alert: Alert, *, before: int | None = None, limit: int = HITS_PAGE
) -> list[AlertHit]:
    """The user's newest hits for ``alert`` that they may still see."""
    qs = _visible_hits(user).filter(subscription__alert_id=alert.pk)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    qs = qs.select_related("post__author", "post__group", "comment__author")
    return list(qs.order_by("-id")[: max(1, min(limit, 100))])


def list_digest_hits(user: Any, *, frequency: str) -> list[AlertHit]:
    """Undelivered e-mail hits of ``frequency`` the user may see right now.

    For the digest e-mail, oldest first, with the post, its author and
    group, the comment and the alert loaded. Mark what was sent with
    ``plein.alerts.actions.do_mark_hits_delivered``.
    """
    qs = _visible_hits(user).filter(
        delivered_at__isnull=True,
        subscription__frequency=frequency,
        subscription__channel=Channel.EMAIL,
        subscription__alert__is_active=True,
    )
    return list(
        qs.select_related(
            "subscription__alert",
            "post__author",
            "post__group",
            "comment__author",
        ).order_by("id")
    )
