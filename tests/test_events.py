"""Domain events: subscribers run inside the change, effects follow commit."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from plein.core.events import (
    after_commit,
    capture_events,
    emit_on_commit,
    on,
    subscriptions,
    unsubscribe,
)
from plein.posts.models import Post

pytestmark = pytest.mark.django_db


def test_a_failing_handler_undoes_the_change(alice):
    from plein.posts.actions import check_create_post

    @on("posts.post.created")
    def broken(event):
        raise RuntimeError("handler failed")

    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            check_create_post(alice, body="Komt er niet")
    finally:
        unsubscribe(broken)

    assert not Post.objects.filter(body="Komt er niet").exists()


def test_handlers_see_the_change_and_after_commit_handlers_wait(
    alice, django_capture_on_commit_callbacks
):
    from plein.posts.actions import check_create_post

    seen: list[tuple[str, bool]] = []

    @on("posts.post.created")
    def inside(event):
        seen.append(
            ("inside", Post.objects.filter(pk=event.payload["post_id"]).exists())
        )

    @after_commit("posts.post.created")
    def outside(event):
        seen.append(("after commit", True))

    try:
        with django_capture_on_commit_callbacks() as callbacks:
            check_create_post(alice, body="Volgorde")
            assert seen == [("inside", True)]
        for callback in callbacks:
            callback()
    finally:
        unsubscribe(inside)
        unsubscribe(outside)

    assert seen == [("inside", True), ("after commit", True)]


def test_a_failing_after_commit_handler_is_logged_not_raised(
    django_capture_on_commit_callbacks, caplog
):
    @after_commit("tests.thing.happened")
    def broken(event):
        raise RuntimeError("outside failed")

    try:
        with django_capture_on_commit_callbacks(execute=True):
            emit_on_commit("tests.thing.happened", {"id": 1})
    finally:
        unsubscribe(broken)

    assert "after-commit handler failed for tests.thing.happened" in caplog.text


def test_context_reaches_handlers_but_is_not_recorded(alice):
    from plein.governance.compliance.models import AuditEntry

    received = []

    @on("tests.thing.happened")
    def handler(event):
        received.append(event.context["secret"])

    try:
        emit_on_commit(
            "tests.thing.happened",
            {"thing_id": 7},
            actor_id=alice.pk,
            context={"secret": "Vertrouwelijk"},
        )
    finally:
        unsubscribe(handler)

    assert received == ["Vertrouwelijk"]
    entry = AuditEntry.objects.get(action="tests.thing.happened")
    assert "Vertrouwelijk" not in str(entry.data)


def test_subscribing_twice_is_refused():
    def handler(event):
        pass

    on("tests.thing.happened")(handler)
    try:
        with pytest.raises(ImproperlyConfigured, match="twice"):
            on("tests.thing.happened")(handler)
    finally:
        unsubscribe(handler)


def test_captured_events_are_those_that_committed(
    alice, django_capture_on_commit_callbacks
):
    with capture_events() as events:
        with django_capture_on_commit_callbacks(execute=True):
            emit_on_commit("tests.thing.happened", {"n": 1})
        try:
            with transaction.atomic():
                emit_on_commit("tests.thing.happened", {"n": 2})
                raise RuntimeError("roll back")
        except RuntimeError:
            pass

    assert [e.payload for e in events] == [{"n": 1}]


def test_each_app_subscribes_to_new_posts_from_its_own_handlers():
    """What hears of a new post: the owning apps, never the posts actions."""
    subscribers = subscriptions()["posts.post.created"]
    modules = {name.rsplit(".", 1)[0] for name in subscribers}

    assert {
        "plein.feed.handlers",
        "plein.notifications.handlers",
        "plein.search.handlers",
        "plein.alerts.handlers",
        "plein.posts.handlers",
        "plein.knowledge.expertise.handlers",
    } <= modules
