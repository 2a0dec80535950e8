"""Wiki background work: telling owners about pages that need checking."""

from crontask import cron

from plein.core.tasks import retrying_task


@cron("15 6 * * *")
@retrying_task
def notify_stale_page_owners() -> int:
    """Daily: notify owners of stale pages, once per WIKI_STALE_AFTER_DAYS."""
    from plein.knowledge.wiki.actions import do_notify_stale_owners

    return do_notify_stale_owners()
