"""Headless Chromium (Debian's package) driven by Playwright against a live server.

Loaded once for the whole suite (``pytest_plugins`` in the root conftest.py):
Playwright's sync API allows one instance per thread, so browser tests in
any app's folder share these fixtures instead of importing their own.
"""

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread

CHROMIUM = shutil.which("chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


class OneRequestAtATimeServer(ThreadedWSGIServer):
    """The live server, answering one request at a time.

    With SQLite the test database lives in memory, and the live server's
    threads share the test's one connection to it. Two requests at once
    (a page and the htmx requests of the page before it) would use that
    connection from two threads, which SQLite answers with "bad parameter
    or other API misuse". Connections stay threaded (a keep-alive
    connection does not block the next one); only the application is
    serialised, its response read to the end inside the lock.
    """

    def set_app(self, application: Callable[..., Iterable[bytes]]) -> None:
        lock = threading.Lock()

        def one_at_a_time(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            with lock:
                response = application(environ, start_response)
                try:
                    return [b"".join(response)]
                finally:
                    close = getattr(response, "close", None)
                    if close is not None:
                        close()

        super().set_app(one_at_a_time)


# pytest-django's live_server builds a LiveServerThread, which builds its
# server from this attribute.
LiveServerThread.server_class = OneRequestAtATimeServer


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip(
            "Debian's chromium is not installed (scripts/ensure-browser installs it)"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test body
    # still talks to the database synchronously, which Django would refuse.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def log_in(page: Any) -> Any:
    def log_in_as(email: str, password: str = "correct horse 42") -> None:
        page.goto("/login/")
        page.fill("input[name=username]", email)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        # "**/" would match the login page itself: wait until we have left it.
        page.wait_for_url(lambda url: "/login/" not in url)

    return log_in_as


@pytest.fixture
def another_page(browser: Any, live_server: Any) -> Iterator[Any]:
    """More people in one test: ``another_page()`` is a page with its own cookies.

    Every context is closed before the live server stops, so no request of
    a page still open reaches a server thread after the test's database
    connection is gone.
    """
    contexts: list[Any] = []

    def make(locale: str = "en-GB") -> Any:
        context = browser.new_context(base_url=live_server.url, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
