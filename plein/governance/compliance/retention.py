"""Retention: how long content is kept, and the purge that removes it for good.

The organisation keeps content for ``RetentionPolicy`` (group null) days, or
``settings.RETENTION_DAYS`` without that row; a group may override it. Days
count from ``created_at``: an edit does not restart the clock, and a deleted
(tombstoned) item is purged at the same moment it would have been anyway.

What is purged is up to the apps: each personal-data provider lists its
retention steps (``plein.core.personal_data.RetentionStep``; posts and
comments work on whole threads, so nothing still kept loses its context).
This module hands them the terms and the active legal holds, which always
win, runs the steps in batches, one transaction each, and records every
batch in the audit log. The purge runs daily (``tasks.py``) and is
idempotent: a batch that fails is simply found again next time.
"""

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.people import is_org_admin
from plein.core.errors import InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.personal_data import (
    RetentionScope,
    RetentionTerms,
    personal_data_providers,
)
from plein.governance.compliance.holds import current_holds
from plein.governance.compliance.models import RetentionPolicy

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
MAX_DAYS = 100 * 366


def default_days() -> int:
    row = RetentionPolicy.objects.filter(group__isnull=True).first()
    return row.days if row else settings.RETENTION_DAYS


def days_for_group(group_id: int | None) -> int:
    if group_id is not None:
        row = RetentionPolicy.objects.filter(group_id=group_id).first()
        if row:
            return row.days
    return default_days()


def retention_terms(now: Any = None) -> RetentionTerms:
    """The organisation's term and every group's override, as of now."""
    overrides = dict(
        RetentionPolicy.objects.filter(group__isnull=False).values_list(
            "group_id", "days"
        )
    )
    return RetentionTerms(
        now=now or timezone.now(), default_days=default_days(), group_days=overrides
    )


def do_purge_expired(
    *, batch_size: int = BATCH_SIZE, max_batches: int = 0
) -> dict[str, int]:
    """Purge everything past retention, one transaction per batch.

    Runs every provider's retention steps in order and returns the count per
    step. Each batch reads the terms and holds afresh (a hold placed during
    a run protects from the next batch on) and emits
    ``compliance.retention.purged`` with the ids it removed. ``max_batches``
    (0: no limit) bounds one run; the next run carries on where this one
    stopped.
    """
    steps = [step for p in personal_data_providers() for step in p.retention]
    totals = dict.fromkeys((step.name for step in steps), 0)
    batches = 0
    now = timezone.now()
    for step in steps:
        while not max_batches or batches < max_batches:
            with transaction.atomic():
                scope = RetentionScope(
                    terms=retention_terms(now), holds=current_holds()
                )
                ids = list(
                    step.purgeable(scope)
                    .order_by("pk")
                    .values_list("pk", flat=True)[:batch_size]
                )
                purged = step.purge(ids) if ids else {}
                if any(purged.values()):
                    emit_on_commit(
                        "compliance.retention.purged", {"reason": "retention", **purged}
                    )
                totals[step.name] += sum(len(ids) for ids in purged.values())
            batches += 1
            if len(ids) < batch_size:
                break
    logger.info("retention purge: %s", totals)
    return totals


def _clean_days(days: Any) -> int:
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise InvalidInput(_("Enter a number of days."), field="days") from None
    if days < 1 or days > MAX_DAYS:
        raise InvalidInput(
            _("Enter between 1 and %(max)d days.") % {"max": MAX_DAYS}, field="days"
        )
    return days


def check_set_retention(actor: Any, *, days: Any, group: Any = None) -> Any:
    """Set the organisation's term (group None) or a group's override (org admins)."""
    if not is_org_admin(actor):
        raise NotFound()
    return do_set_retention(actor, days=_clean_days(days), group=group)


def do_set_retention(actor: Any, *, days: int, group: Any = None) -> RetentionPolicy:
    row = (
        RetentionPolicy.objects.select_for_update()
        .filter(group=group.pk if group else None)
        .first()
    )
    if row is None:
        row = RetentionPolicy(group=group)
    row.days = days
    row.updated_by = actor
    row.updated_at = timezone.now()
    row.save()
    emit_on_commit(
        "compliance.retention.changed",
        {"group_id": row.group_id, "days": days},
        [actor.pk],
        actor_id=actor.pk,
    )
    return row


def check_clear_retention(actor: Any, *, group: Any) -> None:
    """Remove a group's override: the organisation's term applies again."""
    if not is_org_admin(actor):
        raise NotFound()
    deleted, _counts = RetentionPolicy.objects.filter(group=group).delete()
    if deleted:
        emit_on_commit(
            "compliance.retention.cleared",
            {"group_id": group.pk},
            [actor.pk],
            actor_id=actor.pk,
        )
