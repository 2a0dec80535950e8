"""Live updates in a real browser: the page on the WSGI live server, its
stream on granian's ASGI server on another port, as ``plein serve`` runs them."""

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db.backends.signals import connection_created

from plein.channels.live import stream as live_stream
from plein.channels.live.tests.conftest import _read_uncommitted
from plein.posts.actions import check_create_comment, check_create_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def asgi_server(settings: Any, live_server: Any) -> Iterator[str]:
    """granian serving config.asgi in this process (the stream's dispatcher
    is woken by commits in this process, as in one web process)."""
    from granian.constants import Interfaces
    from granian.server.embed import Server

    from config.asgi import application

    port = _free_port()
    # The live server's host name, so that the session cookie goes along.
    origin = f"http://localhost:{port}"
    settings.SITE_URL = live_server.url
    settings.LIVE_STREAM_URL = f"{origin}/live/stream"
    settings.LIVE_POLL_MS = 50
    csp = dict(django_settings.SECURE_CSP)
    csp["connect-src"] = [*csp.get("connect-src", []), origin]
    settings.SECURE_CSP = csp
    live_stream._dispatcher = None
    connection_created.connect(_read_uncommitted, dispatch_uid="live-browser")
    server = Server(
        application,
        address="127.0.0.1",
        port=port,
        interface=Interfaces.ASGINL,
        log_enabled=False,
    )
    loop = asyncio.new_event_loop()
    thread = threading.Thread(
        target=loop.run_until_complete, args=(server.serve(),), daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    try:
        yield origin
    finally:
        # End the open streams first: the server waits for its requests.
        async def halt() -> None:
            hub = live_stream._dispatcher
            if hub is None:
                return
            for stream in hub.streams.values():
                while not stream.queue.empty():
                    stream.queue.get_nowait()
                stream.queue.put_nowait(live_stream._CLOSE)
            for task in (hub.task, hub.redis_task):
                if task is not None:
                    task.cancel()

        asyncio.run_coroutine_threadsafe(halt(), loop).result(timeout=5)
        loop.call_soon_threadsafe(server.signal_handler_interrupt)
        thread.join(timeout=10)
        connection_created.disconnect(dispatch_uid="live-browser")
        live_stream._dispatcher = None


def _wait_for_stream(user: Any) -> None:
    # Generous: on a loaded machine the page and its script take a while.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        hub = live_stream._dispatcher
        if hub is not None and hub.per_person.get(user.pk):
            return
        time.sleep(0.05)
    raise AssertionError("the page opened no live stream")


def test_a_colleagues_post_and_comment_appear_without_moving_the_page(
    page: Any,
    asgi_server: str,
    alice: Any,
    bob: Any,
    make_group: Any,
    log_in: Any,
) -> None:
    club = make_group(alice, "Club", members=(bob,))
    first = check_create_post(alice, body="Het eerste bericht", group=club)
    log_in("bob@plein.test")
    page.goto(f"/groups/{club.slug}/")
    _wait_for_stream(bob)
    bar = page.locator("#live-new-posts")
    assert bar.inner_text().strip() == ""
    check_create_post(alice, body="Vers van de pers", group=club)
    # The link offers the post; the list itself does not move.
    bar.get_by_role("link", name="1 nieuw bericht").wait_for()
    assert "Vers van de pers" not in page.locator("#feed-entries").inner_text()
    bar.get_by_role("link", name="1 nieuw bericht").click()
    page.get_by_text("Vers van de pers").wait_for()

    # (Bob reads Plein in Dutch, the organisation's language.)
    # On the first post's page, Bob is typing a comment when Alice's arrives.
    page.goto(f"/posts/{first.pk}/")
    _wait_for_stream(bob)
    box = page.locator("textarea[name=body]").last
    box.fill("Ik typ nog")
    badge = page.locator("#notification-badge")
    assert badge.inner_text().strip() == ""
    check_create_comment(alice, first, body="Een reactie van Alice, @bob")
    show = page.get_by_role("button", name="Nieuwe reacties: toon ze")
    show.wait_for()
    # The bell counts the mention, without a reload.
    badge.locator(".badge").wait_for()
    show.click()
    page.get_by_text("Een reactie van Alice").wait_for()
    assert box.input_value() == "Ik typ nog"
