"""What the privacy app holds about a person: their "download my data" zips
(see ``plein.core.personal_data``)."""

from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from plein.core.personal_data import (
    ErasureContext,
    PersonalDataProvider,
    register_personal_data,
)
from plein.governance.privacy.models import DataExport


def erase_exports(person: Any, context: ErasureContext) -> None:
    """Their zips go, the files after commit."""
    exports = DataExport.objects.filter(person=person)
    for relative in exports.exclude(file="").values_list("file", flat=True):
        path = Path(settings.MEDIA_ROOT) / relative
        transaction.on_commit(partial(path.unlink, missing_ok=True), robust=True)
    exports.delete()


register_personal_data(
    PersonalDataProvider(
        app_label="privacy",
        order=140,
        models={DataExport: "one's data downloads: the zips and their state"},
        erase=erase_exports,
    )
)
