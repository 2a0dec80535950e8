"""Who may see, subscribe to and change term alerts.

A personal alert exists only for the person who made it; a shared alert is
visible to every active colleague and changed by organisation admins only.
External guests never see shared alerts: they are the organisation's own
lists (its clients, its products), not content of a group the guest is in.
An alert never decides who sees content: its hits pass through the post
rules.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import pgettext

from plein.access.people import is_active_person, is_org_admin, is_outsider
from plein.alerts.models import Alert
from plein.core.errors import Forbidden, NotFound


def visible_alerts(user: Any, qs: QuerySet[Alert] | None = None) -> QuerySet[Alert]:
    """Shared alerts (not for guests), and the user's own personal alerts."""
    qs = Alert.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    personal = Q(is_shared=False, created_by_id=user.pk)
    if not can_see_shared_alerts(user):
        return qs.filter(personal)
    shared = Q(is_shared=True)
    # A withdrawn shared alert stays editable by admins but leaves the list.
    if not is_org_admin(user):
        shared &= Q(is_active=True)
    return qs.filter(shared | personal)


def can_see_shared_alerts(user: Any) -> bool:
    """Whether shared alerts exist for the user at all: colleagues, not guests."""
    return is_active_person(user) and not is_outsider(user)


def can_view_alert(user: Any, alert: Alert) -> bool:
    if not is_active_person(user):
        return False
    if not alert.is_shared:
        return bool(alert.created_by_id == user.pk)
    if not can_see_shared_alerts(user):
        return False
    return alert.is_active or is_org_admin(user)


def can_edit_alert(user: Any, alert: Alert) -> bool:
    if not can_view_alert(user, alert):
        return False
    if alert.is_shared:
        # Shared alerts are the organisation's lists (clients, products).
        return is_org_admin(user)
    return True


def can_create_shared_alert(user: Any) -> bool:
    return is_org_admin(user)


def access_alert(user: Any, alert_id: int | str, *, for_edit: bool = False) -> Alert:
    """Fetch an alert the user may see, or raise NotFound.

    With ``for_edit``, a visible alert the user may not change (a shared one,
    for anyone but an organisation admin) raises Forbidden.
    """
    try:
        alert = visible_alerts(user).select_related("created_by").get(pk=int(alert_id))
    except (Alert.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if for_edit and not can_edit_alert(user, alert):
        raise Forbidden(
            pgettext("permission", "Only organisation admins can change shared alerts.")
        )
    return alert
