from django.db import migrations

DEFAULTS = {
    "bsn": "block",
    "card": "block",
    "iban": "hold",
    "term": "warn",
    "marker": "warn",
    "guests": "warn",
}


def add_rules(apps, schema_editor):
    DlpRule = apps.get_model("dlp", "DlpRule")
    for code, action in DEFAULTS.items():
        DlpRule.objects.get_or_create(code=code, defaults={"action": action})


class Migration(migrations.Migration):
    dependencies = [("dlp", "0001_initial")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
