"""Triage's background work: telling a person a mention was assigned to them."""

from plein.core.tasks import retrying_task
from plein.listening.triage.actions import do_notify_assignee


@retrying_task
def notify_assignee(*, change_id: int) -> int:
    """Notify the assignee of one triage change (idempotent: keyed by the change)."""
    return do_notify_assignee(change_id)
