"""What a webhook's scope may see: the predicates in plein.access.webhooks.

Built in memory: the predicates read the rows they are given, so every
combination of scope and content is checked without a database.
"""

import datetime

import pytest
from django.utils import timezone

from plein.access.webhooks import (
    webhook_may_see_comment,
    webhook_may_see_group,
    webhook_may_see_post,
)
from plein.channels.webhooks.models import Webhook
from plein.groups.models import Group
from plein.posts.models import Comment, Post

NOW = timezone.now() - datetime.timedelta(hours=1)
OPEN = Group(pk=1, name="Open", kind="open")
CLOSED = Group(pk=2, name="Dicht", kind="closed")
SECRET = Group(pk=3, name="Geheim", kind="secret")
ORG_WEBHOOK = Webhook(pk=1, group=None)
SECRET_WEBHOOK = Webhook(pk=2, group=SECRET)


@pytest.mark.parametrize(
    ("webhook", "group", "expected"),
    [
        (ORG_WEBHOOK, None, True),  # profile posts are for everyone
        (ORG_WEBHOOK, OPEN, True),
        (ORG_WEBHOOK, CLOSED, False),
        (ORG_WEBHOOK, SECRET, False),
        (SECRET_WEBHOOK, SECRET, True),
        (SECRET_WEBHOOK, OPEN, False),
        (SECRET_WEBHOOK, None, False),
    ],
)
def test_group_scope(webhook, group, expected):
    assert webhook_may_see_group(webhook, group) is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, True),
        ({"deleted_at": NOW}, False),
        ({"withheld_at": NOW}, False),
        ({"is_restricted": True}, False),
        ({"group": SECRET}, False),
    ],
)
def test_post_scope(fields, expected):
    post = Post(pk=1, group=fields.pop("group", OPEN), **fields)
    assert webhook_may_see_post(ORG_WEBHOOK, post) is expected


@pytest.mark.parametrize(
    ("fields", "post_fields", "expected"),
    [
        ({}, {}, True),
        ({"deleted_at": NOW}, {}, False),
        ({"withheld_at": NOW}, {}, False),
        ({}, {"deleted_at": NOW}, False),
    ],
)
def test_comment_scope(fields, post_fields, expected):
    comment = Comment(pk=1, post=Post(pk=1, group=OPEN, **post_fields), **fields)
    assert webhook_may_see_comment(ORG_WEBHOOK, comment) is expected
