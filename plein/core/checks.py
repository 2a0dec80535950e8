"""``plein check --deploy``: parts that are per process in a scale-out set-up.

Plein runs on one machine out of the box (SQLite, uploaded files and data
exports on the local disk, the database as cache and task queue). Several
web processes on several machines need shared parts; these checks name what
is still local when the set-up looks like scale-out (PostgreSQL, or more
than one web worker).
See docs/deployment.md.
"""

import os
from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import connections

STORAGE_LOCAL = "django.core.files.storage.FileSystemStorage"


def _scaled_out() -> bool:
    workers = int(os.environ.get("WEB_WORKERS", "1") or 1)
    return connections["default"].vendor == "postgresql" or workers > 1


@register(Tags.compatibility, deploy=True)
def check_shared_parts(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if not _scaled_out():
        return []
    found = []
    if settings.STORAGES["default"]["BACKEND"] == STORAGE_LOCAL:
        found.append(
            Warning(
                "Uploaded files are on this machine's disk (MEDIA_ROOT).",
                hint="Set S3_BUCKET (and S3_ENDPOINT_URL, S3_ACCESS_KEY, "
                "S3_SECRET_KEY) so every web machine sees the same files, or "
                "share MEDIA_ROOT between them.",
                id="plein.W001",
            )
        )
    if not settings.REDIS_URL:
        found.append(
            Warning(
                "REDIS_URL is not set: API rate limits are counted per process "
                "and live updates reach other processes by polling the "
                "database (every LIVE_POLL_MS).",
                hint="Set REDIS_URL for one shared count and immediate live "
                "updates across processes.",
                id="plein.W002",
            )
        )
    if settings.STORAGES["exports"]["BACKEND"] == STORAGE_LOCAL:
        found.append(
            Warning(
                'Data exports ("download my data", eDiscovery) are on the disk '
                "of the machine whose worker builds them (EXPORTS_ROOT).",
                hint="Set S3_BUCKET so exports go to the object storage, or "
                "share EXPORTS_ROOT between the machines that run workers and "
                "web processes.",
                id="plein.W003",
            )
        )
    return found
