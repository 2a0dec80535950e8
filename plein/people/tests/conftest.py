import pytest

# The password the root conftest's personas (alice, bob, admin …) log in with.
PASSWORD = "correct horse 42"


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture(autouse=True)
def _clear_cache():
    # The log-in rate limit counts failed attempts in the cache.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
