"""The one set of rules for files people upload (post attachments, wiki files).

``validate_upload`` checks size, declared type, file name extension and the
first bytes of the content, and answers what a caller needs to store the
file. Every refusal is an ``InvalidInput`` on the field ``file``.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from plein.core.errors import InvalidInput

ALLOWED_UPLOAD_TYPES = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    "text/plain": (".txt",),
    "text/csv": (".csv",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (
        ".docx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        ".pptx",
    ),
}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
# The first bytes of each allowed binary type: the declared type must match
# the content, so a script renamed to .png is refused.
MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
    "application/pdf": (b"%PDF-",),
}
# Office files are zip archives.
ZIP_MAGIC = b"PK\x03\x04"
ZIP_EXTENSIONS = (".docx", ".xlsx", ".pptx")
MAX_NAME_LENGTH = 150


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed ``validate_upload``."""

    name: str  # the base name, without any folder, at most 150 characters
    content_type: str  # lower case, without parameters such as "; charset"
    size: int
    is_image: bool


def clean_filename(filename: str | None) -> str:
    """The base name of an uploaded file (browsers may send a whole path)."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[:MAX_NAME_LENGTH] or "file"


def validate_upload(
    filename: str | None, content_type: str | None, data: bytes
) -> CheckedUpload:
    """Check an upload against the size limit and the allowed types.

    Raises ``InvalidInput`` (field "file") for an empty file, one larger than
    ``UPLOAD_MAX_BYTES``, a type or extension not allowed, or content that
    does not match the declared type.
    """
    if len(data) == 0:
        raise InvalidInput(_("The file is empty."), field="file")
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise InvalidInput(
            _("The file is larger than %(limit)d MB.")
            % {"limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    content_type = (content_type or "").split(";")[0].strip().lower()
    name = clean_filename(filename)
    extensions = ALLOWED_UPLOAD_TYPES.get(content_type)
    if extensions is None or not name.lower().endswith(extensions):
        raise InvalidInput(_("This type of file is not allowed."), field="file")
    magic = MAGIC.get(content_type)
    if (magic and not data.startswith(magic)) or (
        name.lower().endswith(ZIP_EXTENSIONS) and not data.startswith(ZIP_MAGIC)
    ):
        raise InvalidInput(
            _("The file's content does not match its type."), field="file"
        )
    return CheckedUpload(
        name=name,
        content_type=content_type,
        size=len(data),
        is_image=content_type in IMAGE_TYPES,
    )
