from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('feeds', '0001_feed_tokens'),
    ]

    operations = [
        migrations.AddField(
            model_name='feedtoken',
            name='link_nonce',
            field=models.CharField(blank=True, default='', max_length=32),
        ),
        migrations.AddConstraint(
            model_name='feedtoken',
            constraint=models.UniqueConstraint(condition=models.Q(('link_nonce', ''), _negated=True), fields=('user',), name='feeds_one_link_token'),
        ),
    ]
