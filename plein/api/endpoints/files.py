"""Files for posts: upload first, then name them in ``POST /posts``.

An uploaded file belongs to nobody but its uploader until a post claims it
(``attachment_ids``); from then on whoever may see the post may fetch it.
Both go through ``access_attachment``.
"""

from django.db import transaction
from django.http import FileResponse
from ninja import File, Path, Router, Status, UploadedFile

from plein.access.posts import access_attachment
from plein.api.http import ApiRequest
from plein.api.schemas import MAX_ID, AttachmentOut
from plein.api.serializers import build_attachment
from plein.core.errors import NotFound
from plein.posts.actions import check_upload_attachment

router = Router(tags=["files"])

FileId = Path(..., ge=1, le=MAX_ID)


@router.post(
    "",
    response={201: AttachmentOut},
    summary="Upload a file to attach to a post (multipart, field 'file')",
)
def file_upload(request: ApiRequest, file: UploadedFile = File(...)) -> Status:  # noqa: B008
    user = request.auth
    with transaction.atomic(durable=True):
        stored = check_upload_attachment(
            user,
            filename=file.name or "",
            content_type=file.content_type or "",
            data=file.read(),
        )
    return Status(201, build_attachment(stored))


@router.get(
    "/{file_id}",
    response={200: None},
    url_name="file_download",
    summary="Download a file of a post one may see (or one's own upload)",
)
def file_download(request: ApiRequest, file_id: int = FileId) -> FileResponse:
    attachment = access_attachment(request.auth, file_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise NotFound() from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
