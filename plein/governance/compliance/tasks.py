"""Compliance background work: the daily retention purge and export builds."""

from crontask import cron

from plein.core.tasks import retrying_task


@cron("30 2 * * *")
@retrying_task
def purge_expired_content() -> dict:
    """Nightly: purge content past retention (batched; holds respected)."""
    from plein.governance.compliance.retention import do_purge_expired

    return do_purge_expired()


@retrying_task
def build_export(*, export_id: int) -> int:
    """Build an eDiscovery export's zip (idempotent: a finished one is kept)."""
    from plein.governance.compliance.ediscovery import do_build_export

    export = do_build_export(export_id)
    return export.item_count if export else 0
