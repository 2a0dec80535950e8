"""What the privacy app holds about a person: their "download my data" zips
(see ``plein.core.personal_data``)."""

from functools import partial
from typing import Any

from django.db import transaction

from plein.core.export_files import delete_export
from plein.core.personal_data import (
    ErasureContext,
    PersonalDataProvider,
    register_personal_data,
)
from plein.governance.privacy.models import DataExport


def erase_exports(person: Any, context: ErasureContext) -> None:
    """Their zips go, deleted from the exports storage after commit.

    A run still building one has recorded the name it stores under: that
    name is deleted too, and the run, finding its row gone, stores nothing
    it keeps (``do_build_export`` deletes what it saved).
    """
    exports = DataExport.objects.filter(person=person)
    for name in exports.exclude(file="").values_list("file", flat=True):
        transaction.on_commit(partial(delete_export, name), robust=True)
    exports.delete()


register_personal_data(
    PersonalDataProvider(
        app_label="privacy",
        order=140,
        models={DataExport: "one's data downloads: the zips and their state"},
        erase=erase_exports,
    )
)
