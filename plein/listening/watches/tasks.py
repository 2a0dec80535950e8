"""Watches in the background: telling people of new matches, and matching
a new or changed watch against the last 30 days."""

from django.db import transaction

from plein.core.tasks import retrying_task
from plein.listening.watches import actions


@retrying_task
def notify_watched_mentions(*, mention_ids: list[int]) -> int:
    """Tell the account teams and subscribers of the watches these mentions
    matched (once per person and mention; idempotent)."""
    with transaction.atomic():
        return actions.do_notify_watched(mention_ids)


@retrying_task
def rematch_watch(*, watch_id: int) -> int:
    """Match a new, changed or re-activated watch over the last 30 days
    (idempotent; nobody is told)."""
    with transaction.atomic():
        return actions.do_rematch_watch(watch_id)
