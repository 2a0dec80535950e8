import pytest

from plein.access.roles import Role
from plein.people.actions import do_create_person

PASSWORD = "correct horse battery staple"


@pytest.fixture
def alice(db):
    return do_create_person(
        email="alice@example.org", full_name="Alice Jansen", password=PASSWORD
    )


@pytest.fixture
def bob(db):
    return do_create_person(
        email="bob@example.org", full_name="Bob de Vries", password=PASSWORD
    )


@pytest.fixture
def admin(db):
    return do_create_person(
        email="admin@example.org",
        full_name="Ada Admin",
        password=PASSWORD,
        role=Role.ADMIN,
    )


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture(autouse=True)
def _clear_cache():
    # The log-in rate limit counts attempts in the cache.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
