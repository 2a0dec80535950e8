"""The demo is built in its final state: nothing is left for the worker to do."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from plein.feed.models import InboxEntry
from plein.notifications.models import Notification
from plein.people.models import User
from plein.posts.models import Post
from plein.search.queries import search_content


@pytest.mark.django_db
def test_demo_leaves_the_queue_empty_and_anna_her_feed(settings, client) -> None:
    # The embedded set-up's queue: every task the build asked for and left
    # to the worker would be a row here.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend"},
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }

    # As make run prepares the database before every start.
    call_command("prepare", "--demo", stdout=io.StringIO())

    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == []
    # Notified for the last two days, and those count as e-mailed already:
    # the five-minute safety net finds nothing to send.
    assert Notification.objects.exists()
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert mail.outbox == []
    # Delivered: every post reached at least its author's inbox, and
    # everything older than three days is read.
    assert InboxEntry.objects.values("post").distinct().count() == Post.objects.count()
    anna = User.objects.get(email="anna@zuiderhaven.example")
    unread = InboxEntry.objects.filter(user=anna, is_read=False)
    assert 0 < unread.count() < 60
    # Indexed: search finds the demo's mortgage talk.
    assert len(search_content(anna, "hypotheek").hits) >= 5

    client.force_login(anna)
    page = client.get(reverse("feed:home"))

    assert page.status_code == 200
    assert page.content.count(b'<article class="card post-card') >= 10
