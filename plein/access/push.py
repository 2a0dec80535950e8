"""Push subscriptions: each person sees and removes only their own devices."""

from typing import Any

from django.db.models import QuerySet

from plein.channels.push.models import PushSubscription
from plein.core.errors import NotFound


def visible_push_subscriptions(user: Any) -> QuerySet[PushSubscription]:
    """The devices ``user`` turned push on for; nobody else's, ever."""
    if not user.is_authenticated or not user.is_active:
        return PushSubscription.objects.none()
    return PushSubscription.objects.filter(user_id=user.pk)


def access_push_subscription(user: Any, subscription_id: int) -> PushSubscription:
    """One of ``user``'s own subscriptions.

    Someone else's answers NotFound, exactly like one that does not exist:
    an endpoint is a capability and its existence is nobody else's business.
    """
    subscription = visible_push_subscriptions(user).filter(pk=subscription_id).first()
    if subscription is None:
        raise NotFound()
    return subscription
