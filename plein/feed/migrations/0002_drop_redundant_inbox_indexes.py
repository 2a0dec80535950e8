"""Drop the two inbox indexes that repeat others.

Django gave each foreign key an index: ``user_id`` repeats the first column
of the primary key ``(user_id, post_id)``, and ``post_id`` repeats
``feed_inbox_post``. Every fan-out row paid for both. The state change is
the foreign keys' ``db_index=False``; the database change is two plain
DROP INDEX statements, because Django's own operation would rebuild the
whole table on SQLite (twice) and does nothing on PostgreSQL. The index
names are the ones Django generated, the same on both databases.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

INDEXES = {
    "feed_inboxentry_user_id_f861a2f7": "user_id",
    "feed_inboxentry_post_id_9bc61e19": "post_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("feed", "0001_initial"),
        ("posts", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="inboxentry",
                    name="post",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="inbox_entries",
                        to="posts.post",
                    ),
                ),
                migrations.AlterField(
                    model_name="inboxentry",
                    name="user",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=(
                        f'CREATE INDEX IF NOT EXISTS "{name}" '
                        f'ON "feed_inboxentry" ("{column}")'
                    ),
                )
                for name, column in INDEXES.items()
            ],
        ),
    ]
