"""The upload rules shared by post attachments and wiki files."""

import pytest

from plein.core.errors import InvalidInput
from plein.core.uploads import CheckedUpload, clean_filename, validate_upload

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 8
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_good_file_comes_back_named_and_typed() -> None:
    checked = validate_upload("C:\\Users\\ann\\Kaart.PNG", "Image/PNG; q=1", PNG)
    assert checked == CheckedUpload(
        name="Kaart.PNG", content_type="image/png", size=len(PNG), is_image=True
    )
    document = validate_upload("plan.docx", DOCX, b"PK\x03\x04rest")
    assert not document.is_image and document.content_type == DOCX


def test_file_names_lose_their_folders_and_are_never_empty() -> None:
    assert clean_filename("docs/x/../plan.pdf") == "plan.pdf"
    assert clean_filename("  ") == clean_filename(None) == "file"
    assert len(clean_filename("a" * 400 + ".pdf")) == 150


@pytest.mark.parametrize(
    ("name", "content_type", "data"),
    [
        ("leeg.pdf", "application/pdf", b""),
        ("tool.exe", "application/octet-stream", b"MZ"),
        ("plaatje.pdf", "image/png", PNG),  # extension and type disagree
        ("script.png", "image/png", b"<script>"),  # content and type disagree
        ("plan.docx", DOCX, b"not a zip"),
    ],
)
def test_bad_files_are_refused_on_the_file_field(name, content_type, data) -> None:
    with pytest.raises(InvalidInput) as error:
        validate_upload(name, content_type, data)
    assert error.value.field == "file"


def test_the_size_limit_comes_from_the_settings(settings) -> None:
    settings.UPLOAD_MAX_BYTES = len(PNG)
    assert validate_upload("a.png", "image/png", PNG).size == len(PNG)
    with pytest.raises(InvalidInput):
        validate_upload("a.png", "image/png", PNG + b"\x00")
