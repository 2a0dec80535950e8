import pytest

from plein.access.roles import Role
from plein.listening.mentions.actions import FeedItem, do_take_in
from plein.listening.mentions.models import Mention
from plein.listening.sources.actions import do_add_source


@pytest.fixture
def source(db):
    return do_add_source(None, name="Reviews", url="https://reviews.example/feed")


@pytest.fixture
def mentions(source):
    """Three mentions, oldest first: a negative review, a positive one, news."""
    do_take_in(
        source,
        [
            FeedItem(
                url="https://reviews.example/1",
                title="Slechtste werkgever ooit",
                excerpt="Ze zijn onbetrouwbaar en de sfeer is vreselijk. @alice #zuiderhaven",
                language="nl",
            ),
            FeedItem(
                url="https://reviews.example/2",
                title="Great colleagues and a wonderful place to work",
                language="en",
            ),
            FeedItem(
                url="https://reviews.example/3", title="Zuiderhaven opent kantoor"
            ),
        ],
    )
    return list(Mention.objects.order_by("pk"))


@pytest.fixture
def mention(mentions):
    return mentions[0]


@pytest.fixture
def guest(make_person):
    return make_person("Gijs Gast", role=Role.GUEST)


@pytest.fixture
def alumnus(make_person):
    return make_person("Anne Oud", role=Role.ALUMNI)
