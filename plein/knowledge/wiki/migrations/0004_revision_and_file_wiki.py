import django.db.models.deletion
from django.db import migrations, models


def stamp_with_the_pages_wiki(apps, schema_editor):
    """Existing versions and files: the wiki their page is in now.

    The best that is known: pages moved before this migration cannot tell
    where each version was written.
    """
    Page = apps.get_model("wiki", "Page")
    for model in (
        apps.get_model("wiki", "Revision"),
        apps.get_model("wiki", "PageFile"),
    ):
        model.objects.update(
            group_id=models.Subquery(
                Page.objects.filter(pk=models.OuterRef("page_id")).values("group_id")[
                    :1
                ]
            )
        )


def forget(apps, schema_editor):
    """Nothing to undo: the columns are dropped by the reverse of AddField."""


class Migration(migrations.Migration):
    dependencies = [
        ("groups", "0001_initial"),
        ("wiki", "0003_page_last_verified_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="pagefile",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="groups.group",
            ),
        ),
        migrations.AddField(
            model_name="revision",
            name="group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="groups.group",
            ),
        ),
        migrations.RunPython(stamp_with_the_pages_wiki, forget),
    ]
