import pytest

from plein.listening.sources.actions import do_add_source


@pytest.fixture
def source(db):
    return do_add_source(None, name="Nieuwsfeed", url="https://nieuws.example/feed")


@pytest.fixture
def take_in(source, run_on_commit):
    """Take items in as a feed would, running what intake schedules."""
    from plein.listening.mentions.actions import FeedItem, do_take_in

    def take(*items, now=None):
        feed_items = [
            item if isinstance(item, FeedItem) else FeedItem(**item) for item in items
        ]
        return run_on_commit(do_take_in, source, feed_items, now=now)

    return take


@pytest.fixture
def make_watch(moderator, run_on_commit):
    """A watch made by communications through the action (rematch runs)."""
    from plein.listening.watches.actions import check_create_watch

    def make(name="Zuiderhaven", query="Zuiderhaven", kind="organisation", **kw):
        actor = kw.pop("actor", moderator)
        return run_on_commit(
            check_create_watch, actor, name=name, kind=kind, query=query, **kw
        )

    return make
