from collections.abc import Iterator
from typing import Any

import pytest

from plein.listening.sources.tests.feedserver import FeedServer, corpus_feed

NOS = "landingspagina_nos_excerpt.xml"
TWEAKERS = "landingspagina_tweakers.xml"


@pytest.fixture
def feed_server(settings: Any) -> Iterator[FeedServer]:
    """A loopback feed server, and the guard's permission to reach it."""
    settings.LISTENING_ALLOW_PRIVATE_HOSTS = True
    server = FeedServer()
    server.thread.start()
    yield server
    server.stop()


@pytest.fixture
def nos_feed() -> bytes:
    body = corpus_feed(NOS)
    if body is None:
        pytest.skip(f"../shared/corpora/feeds-nl/{NOS} is absent (real Dutch feeds)")
    return body


@pytest.fixture
def tweakers_feed() -> bytes:
    body = corpus_feed(TWEAKERS)
    if body is None:
        pytest.skip(
            f"../shared/corpora/feeds-nl/{TWEAKERS} is absent (real Dutch feeds)"
        )
    return body
