"""Search-trail background work: forgetting old terms."""

from crontask import cron

from plein.core.tasks import retrying_task


@cron("40 3 * * *")
@retrying_task
def purge_old_trail_terms() -> int:
    """Nightly: delete terms older than SEARCH_TRAIL_MAX_AGE_DAYS."""
    from plein.knowledge.trail.actions import do_purge_old_terms

    return do_purge_old_terms()
