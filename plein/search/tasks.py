"""Keeping the search engine in step with the database index."""

from crontask import cron

from plein.core.tasks import retrying_task
from plein.search.engine import do_sync_engine


@cron("* * * * *")
@retrying_task
def sync_search_engine() -> int:
    """Apply recorded changes to the search engine (idempotent).

    Enqueued after commit by whatever changed the index, and every minute
    as a safety net. A second sync while one runs cannot get the engine's
    writer; it fails and the queue retries it.
    """
    return do_sync_engine()
