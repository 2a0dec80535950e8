"""Migrations 0005-0007: comment and group keys into the generic target."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("notifications", "0004_knowledge_kinds")]
AFTER = [("notifications", "0007_drop_comment_and_group")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_targets_move_forward_and_back(alice, bob, make_group, make_post):
    from plein.posts.actions import check_create_comment

    group = make_group(bob, "Tuinclub", members=(alice,))
    post = make_post(bob, "Snoeien", group=group)
    comment = check_create_comment(bob, post, body="Zaterdag")
    old = _migrate(BEFORE)
    Notification = old.get_model("notifications", "Notification")
    common = {"recipient_id": alice.pk, "actor_id": bob.pk}
    Notification.objects.create(
        kind="reply", key="reply:1", post_id=post.pk, comment_id=comment.pk, **common
    )
    Notification.objects.create(
        kind="join_request", key="join:1", group_id=group.pk, **common
    )
    Notification.objects.create(
        kind="group_post", key="gp:1", post_id=post.pk, group_id=group.pk, **common
    )
    Notification.objects.create(
        kind="reaction", key="reaction:post:1:2", post_id=post.pk, **common
    )
    try:
        new = _migrate(AFTER)
        rows = {
            n.key: n
            for n in new.get_model("notifications", "Notification").objects.all()
        }
        assert (rows["reply:1"].target_type.model, rows["reply:1"].target_id) == (
            "comment",
            comment.pk,
        )
        assert (rows["join:1"].target_type.model, rows["join:1"].target_id) == (
            "group",
            group.pk,
        )
        # A post's group is part of the post's own rule: no target needed.
        assert rows["gp:1"].target_type is None
        assert rows["gp:1"].group_key == "gp:1"
        assert rows["reaction:post:1:2"].group_key == f"reaction:{post.pk}:-:-"
        back = _migrate(BEFORE)
        rows = {
            n.key: n
            for n in back.get_model("notifications", "Notification").objects.all()
        }
        assert rows["reply:1"].comment_id == comment.pk
        assert rows["join:1"].group_id == group.pk
        assert rows["gp:1"].group_id == group.pk
    finally:
        # Every app's latest state: going back to 0004 also unapplied the
        # migrations of apps that depend on notifications (push, webhooks).
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
