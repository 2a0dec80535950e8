"""Where data exports are kept: the storage ``STORAGES["exports"]``.

"Download my data" zips (``plein.governance.privacy``) and eDiscovery zips
(``plein.governance.compliance``) are built by a worker and downloaded
through a web process, which may run on another machine. So they go
through a storage every machine sees: a private prefix of the S3 bucket
when ``S3_BUCKET`` is set, otherwise ``EXPORTS_ROOT`` on the local disk
(docs/deployment.md). No URL serves that storage: the download views check
access and stream the zip from it.

A zip is written to a temporary file first (in memory up to
``SPOOL_BYTES``, on disk beyond) and then saved in one go: memory stays
bounded and a half-written zip is never stored. Rows hold the storage name
the save returned, never a path.
"""

import os
import posixpath
import tempfile
from typing import IO

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.http import FileResponse

from plein.core.errors import NotFound

EXPORTS = "exports"
SPOOL_BYTES = 8 * 1024 * 1024


def export_storage() -> Storage:
    return storages[EXPORTS]


def spooled_file() -> "tempfile.SpooledTemporaryFile[bytes]":
    """A temporary file to build a zip in; close it (``with``) when done."""
    return tempfile.SpooledTemporaryFile(
        max_size=SPOOL_BYTES, mode="w+b", dir=settings.FILE_UPLOAD_TEMP_DIR
    )


def file_size(content: IO[bytes]) -> int:
    """How many bytes were written to ``content``."""
    content.seek(0, os.SEEK_END)
    return content.tell()


def save_export(name: str, content: IO[bytes]) -> str:
    """Store ``content`` from its start under ``name``; return the name it got.

    The storage never overwrites: should ``name`` be taken, it picks another,
    so callers record the name returned.
    """
    content.seek(0)
    return export_storage().save(name, File(content, name=posixpath.basename(name)))


def delete_export(name: str) -> None:
    """Delete a stored zip; one that is already gone is not an error."""
    if name:
        export_storage().delete(name)


def open_export(name: str) -> File[bytes]:
    """The stored zip, open for reading; NotFound when there is none.

    A zip that is gone answers exactly like an export that does not exist.
    """
    if not name:
        raise NotFound()
    try:
        return export_storage().open(name, "rb")
    except FileNotFoundError:
        raise NotFound() from None


def export_response(file: File[bytes], *, filename: str) -> FileResponse:
    """Stream an opened zip as an attachment that no cache keeps."""
    response = FileResponse(
        file, as_attachment=True, filename=filename, content_type="application/zip"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
