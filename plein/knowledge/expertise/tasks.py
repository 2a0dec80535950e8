"""Background refresh of the expertise evidence."""

from plein.core.tasks import retrying_task
from plein.knowledge.expertise import actions


@retrying_task
def refresh_evidence(*, person_id: int, kinds: list[str]) -> int:
    """Recompute one person's evidence of ``kinds`` (idempotent)."""
    return actions.do_refresh_evidence(person_id, kinds)
