from crontask import cron

from plein.core.tasks import retrying_task


@retrying_task
def build_data_export(*, export_id: int) -> bool:
    """Build one "download my data" zip (claimed, so a second run does nothing)."""
    from plein.governance.privacy.actions import do_build_export

    return do_build_export(export_id)


@cron("20 * * * *")
@retrying_task
def expire_data_exports() -> int:
    """Hourly: delete export zips older than PRIVACY_EXPORT_DAYS."""
    from plein.governance.privacy.actions import do_expire_exports

    return do_expire_exports()
