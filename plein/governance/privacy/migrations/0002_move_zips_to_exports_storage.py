# "Download my data" zips move from MEDIA_ROOT/privacy-exports/ into the
# exports storage (STORAGES["exports"]), under privacy/. Every row is renamed;
# a zip this machine does not have is not copied (its download answers 404,
# and it expires as usual). Old files are deleted once the rows are committed.
# Re-runnable: a row already moved is left alone. Helpers are copied here on
# purpose: migrations import nothing from the project.

from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import migrations, transaction

OLD = "privacy-exports/"
NEW = "privacy/"


def _copy_in(source, storage, name):
    """Copy a file on the local disk into the storage; the name it got."""
    with source.open("rb") as handle:
        return storage.save(name, File(handle, name=source.name))


def move_in(apps, schema_editor):
    DataExport = apps.get_model("privacy", "DataExport")
    storage = storages["exports"]
    media = Path(settings.MEDIA_ROOT)
    for row in DataExport.objects.filter(file__startswith=OLD).only("file"):
        source = media / row.file
        name = NEW + row.file.removeprefix(OLD)
        if source.is_file():
            name = _copy_in(source, storage, name)
            transaction.on_commit(partial(source.unlink, missing_ok=True))
        DataExport.objects.filter(pk=row.pk).update(file=name)


def move_out(apps, schema_editor):
    DataExport = apps.get_model("privacy", "DataExport")
    storage = storages["exports"]
    media = Path(settings.MEDIA_ROOT)
    for row in DataExport.objects.filter(file__startswith=NEW).only("file"):
        name = OLD + row.file.removeprefix(NEW)
        if storage.exists(row.file):
            target = media / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(row.file, "rb") as source, target.open("wb") as out:
                for chunk in source.chunks():
                    out.write(chunk)
            transaction.on_commit(partial(storage.delete, row.file))
        DataExport.objects.filter(pk=row.pk).update(file=name)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_data_export")]

    operations = [migrations.RunPython(move_in, move_out)]
