# Stage two: copy the comment and group foreign keys into the generic target
# and give every row its group key. Set-based updates, each re-runnable: a
# row already moved is left alone. Helpers are copied here on purpose:
# migrations import nothing from the project.

from django.db import migrations
from django.db.models import F, OuterRef, Subquery

# Kinds whose rows group (NotificationKind.groupable) when this ran.
GROUPABLE = ("reaction",)


def _group_key(kind, post_id, target_label, target_id):
    # The same format as plein.notifications.actions.build_group_key.
    return f"{kind}:{post_id or '-'}:{target_label or '-'}:{target_id or '-'}"[:100]


def move_targets(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not Notification.objects.exists():
        return  # a new database: nothing to move
    comment_type, _ = ContentType.objects.get_or_create(
        app_label="posts", model="comment"
    )
    group_type, _ = ContentType.objects.get_or_create(
        app_label="groups", model="group"
    )
    Notification.objects.filter(
        comment__isnull=False, target_type__isnull=True
    ).update(target_type=comment_type, target_id=F("comment_id"))
    # A group matters on its own only without a post (join requests,
    # invitations); a post's group is already part of the post's rule.
    Notification.objects.filter(
        comment__isnull=True,
        post__isnull=True,
        group__isnull=False,
        target_type__isnull=True,
    ).update(target_type=group_type, target_id=F("group_id"))
    Notification.objects.filter(group_key="").exclude(kind__in=GROUPABLE).update(
        group_key=F("key")
    )
    rows = Notification.objects.filter(group_key="", kind__in=GROUPABLE)
    batch = []
    for row in rows.iterator(chunk_size=1000):
        label = "posts.comment" if row.target_type_id == comment_type.pk else None
        row.group_key = _group_key(row.kind, row.post_id, label, row.target_id)
        batch.append(row)
        if len(batch) == 1000:
            Notification.objects.bulk_update(batch, ["group_key"])
            batch = []
    Notification.objects.bulk_update(batch, ["group_key"])


def move_back(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Comment = apps.get_model("posts", "Comment")
    Group = apps.get_model("groups", "Group")
    Post = apps.get_model("posts", "Post")
    comment_type = ContentType.objects.filter(app_label="posts", model="comment")
    group_type = ContentType.objects.filter(app_label="groups", model="group")
    # Only targets that still exist: the foreign keys would refuse the rest.
    Notification.objects.filter(
        target_type__in=comment_type, target_id__in=Comment.objects.values("pk")
    ).update(comment_id=F("target_id"))
    Notification.objects.filter(
        target_type__in=group_type, target_id__in=Group.objects.values("pk")
    ).update(group_id=F("target_id"))
    # These kinds also named the post's group before.
    Notification.objects.filter(
        kind__in=("group_post", "alert"), post__isnull=False, group__isnull=True
    ).update(
        group_id=Subquery(
            Post.objects.filter(pk=OuterRef("post_id")).values("group_id")[:1]
        )
    )


class Migration(migrations.Migration):

    dependencies = [
        ("groups", "0001_initial"),
        ("posts", "0001_initial"),
        ("notifications", "0005_generic_target"),
    ]

    operations = [migrations.RunPython(move_targets, move_back)]
