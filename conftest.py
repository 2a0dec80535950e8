"""Personas and builders shared by every test.

alice and bob work together; carol is a colleague outside their groups; a
moderator and an org admin complete the cast. Data is built through the
actions, as the product builds it.
"""

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from plein.access.roles import Role

# The browser fixtures (browser, page, log_in) for every test folder.
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Rate limits, log-in failures and lock-outs are counted in the cache:
    # each test starts from zero, whatever ran before it.
    from django.core.cache import caches

    from plein.governance.dlp.actions import forget_settings

    caches["default"].clear()
    forget_settings()  # the leak rules and terms each process remembers


@pytest.fixture(autouse=True)
def _default_language() -> None:
    # A request or an API call activates its reader's language for the rest
    # of the thread; each test starts in the organisation's (Dutch), whatever
    # ran before it in this process (tests run in parallel, in any order).
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _guidelines_gate_off() -> Iterator[None]:
    # Most tests are not about the social-media guidelines, and people are
    # created in many ways: the gate is off unless a test turns it on
    # (plein/governance/guidelines/tests does, with personas who accepted).
    # Not the `settings` fixture: its teardown would then come last.
    from django.test import override_settings

    with override_settings(GUIDELINES_REQUIRED=False):
        yield


@pytest.fixture
def make_person(db: Any) -> Callable[..., Any]:
    from plein.people.actions import do_create_person

    counter = {"n": 0}

    def make(
        name: str | None = None,
        *,
        role: str = Role.MEMBER,
        password: str = "correct horse 42",
        **profile: Any,
    ) -> Any:
        counter["n"] += 1
        name = name or f"Person {counter['n']}"
        email = (
            profile.pop("email", None)
            or f"{name.split()[0].lower()}{counter['n']}@plein.test"
        )
        return do_create_person(
            email=email, full_name=name, password=password, role=role, **profile
        )

    return make


@pytest.fixture
def alice(make_person: Callable[..., Any]) -> Any:
    return make_person("Alice de Vries", email="alice@plein.test", handle="alice")


@pytest.fixture
def bob(make_person: Callable[..., Any]) -> Any:
    return make_person("Bob Jansen", email="bob@plein.test", handle="bob")


@pytest.fixture
def carol(make_person: Callable[..., Any]) -> Any:
    return make_person("Carol Bakker", email="carol@plein.test", handle="carol")


@pytest.fixture
def moderator(make_person: Callable[..., Any]) -> Any:
    return make_person(
        "Mo Derator",
        email="moderator@plein.test",
        handle="moderator",
        role=Role.MODERATOR,
    )


@pytest.fixture
def admin(make_person: Callable[..., Any]) -> Any:
    return make_person(
        "Ada Admin", email="admin@plein.test", handle="admin", role=Role.ADMIN
    )


@pytest.fixture
def make_group(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    from plein.groups.actions import check_create_group, do_add_member

    def make(
        owner: Any, name: str, kind: str = "open", members: tuple[Any, ...] = ()
    ) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            group = check_create_group(owner, name=name, kind=kind)
            for member in members:
                do_add_member(group, member)
        group.refresh_from_db()
        return group

    return make


@pytest.fixture
def make_post(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    from plein.posts.actions import check_create_post

    def make(author: Any, body: str = "Hallo allemaal", **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return check_create_post(author, body=body, **kwargs)

    return make


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Call an action and run what it scheduled for after commit."""

    def run(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """The test database, dropped at the end even if a connection lingers.

    Tests that run real worker, scheduler and server processes (and the
    live server's threads) connect to the test database; one that has not
    noticed its peer is gone yet would keep PostgreSQL from dropping the
    database, which then piles up on a shared server.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
