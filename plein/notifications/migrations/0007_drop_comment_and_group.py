# Stage three: the targets are moved; drop the old foreign keys and index the
# group key (the notifications page groups a person's rows by it).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0006_move_targets"),
    ]

    operations = [
        migrations.RemoveField(model_name="notification", name="comment"),
        migrations.RemoveField(model_name="notification", name="group"),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                fields=["recipient", "group_key"], name="notifications_group"
            ),
        ),
    ]
