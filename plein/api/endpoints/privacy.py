"""Download my data: ask for an export, follow its progress, fetch the zip.

Only one's own exports exist here: another person's export id answers 404
(``plein.access.privacy.access_data_export``).
"""

import posixpath
from datetime import datetime

from django.db import transaction
from django.http import FileResponse
from django.urls import reverse
from ninja import Path, Router, Schema, Status

from plein.access.privacy import access_data_export
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID
from plein.core.errors import NotFound
from plein.core.export_files import export_response, open_export
from plein.governance.privacy.actions import (
    check_request_export,
    do_record_download,
)
from plein.governance.privacy.models import DataExport

router = Router(tags=["privacy"])


class DataExportOut(Schema):
    id: int
    status: str
    progress: int
    created_at: datetime
    finished_at: datetime | None
    size: int
    download_url: str | None


def build_export(data_export: DataExport) -> dict:
    return {
        "id": data_export.pk,
        "status": data_export.status,
        "progress": data_export.progress,
        "created_at": data_export.created_at,
        "finished_at": data_export.finished_at,
        "size": data_export.size,
        "download_url": reverse(
            "api:privacy_export_download", kwargs={"export_id": data_export.pk}
        )
        if data_export.is_ready
        else None,
    }


@router.post(
    "/me/export",
    response={202: DataExportOut},
    summary="Ask for a download of all your data",
)
def export_create(request: ApiRequest) -> Status:
    with transaction.atomic(durable=True):
        data_export = check_request_export(request.auth)
    data_export.refresh_from_db()
    return Status(202, build_export(data_export))


@router.get(
    "/me/export",
    response=DataExportOut,
    summary="Your latest data export: status, progress and download URL",
)
def export_detail(request: ApiRequest) -> dict:
    data_export = (
        DataExport.objects.filter(person_id=request.auth.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    if data_export is None:
        raise NotFound()
    return build_export(data_export)


@router.get(
    "/me/export/{export_id}/download",
    url_name="privacy_export_download",
    summary="The zip of one of your data exports",
    response={200: None},
)
def export_download(
    request: ApiRequest, export_id: int = Path(..., ge=1, le=MAX_ID)
) -> FileResponse:
    user = request.auth
    data_export = access_data_export(user, export_id)
    if not data_export.is_ready:
        raise NotFound()
    zip_file = open_export(data_export.file)
    try:
        with transaction.atomic(durable=True):
            do_record_download(user, data_export)
    except BaseException:
        zip_file.close()
        raise
    return export_response(zip_file, filename=posixpath.basename(data_export.file))
