"""What alerts hold about a person: their alerts, subscriptions and what those
matched (see ``plein.core.personal_data``)."""

from typing import Any

from django.db.models import F

from plein.access.posts import visible_post_filter
from plein.alerts.models import Alert, AlertHit, AlertSubscription
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    register_personal_data,
)


def build_alerts(person: Any) -> dict[str, Any]:
    """Hits only on posts one may see now."""
    hits = AlertHit.objects.filter(subscription__user=person).filter(
        visible_post_filter(person, prefix="post__")
    )
    return {
        "alerts": list(
            Alert.objects.filter(created_by=person)
            .order_by("id")
            .values(
                "id",
                "name",
                "description",
                "query",
                "is_shared",
                "is_active",
                "created_at",
            )
        ),
        "subscriptions": list(
            AlertSubscription.objects.filter(user=person)
            .order_by("id")
            .values(
                "alert_id",
                "frequency",
                "channel",
                "created_at",
                alert_name=F("alert__name"),
            )
        ),
        "hits": list(
            hits.order_by("id").values(
                "post_id",
                "comment_id",
                "matched_at",
                "delivered_at",
                alert_id=F("subscription__alert_id"),
            )
        ),
    }


def erase_alerts(person: Any, context: ErasureContext) -> None:
    """Their own alerts go; shared ones stay for their subscribers."""
    Alert.objects.filter(created_by=person, is_shared=False).delete()
    AlertSubscription.objects.filter(user=person).delete()


register_personal_data(
    PersonalDataProvider(
        app_label="alerts",
        order=80,
        models={
            Alert: "the alerts one made: name, description, search terms",
            AlertSubscription: "the alerts one follows, and how",
            AlertHit: "what one's subscriptions matched, and when it was sent",
        },
        export=(
            ExportSection(
                "alerts",
                110,
                "your alerts, subscriptions and what they matched",
                build_alerts,
            ),
        ),
        erase=erase_alerts,
    )
)
