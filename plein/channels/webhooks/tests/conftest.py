"""A real HTTP receiver on loopback, and builders for the webhook tests."""

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook as Verifier


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def verify(self, secret: str) -> Any:
        """The parsed payload, if the signature matches ``secret``."""
        return Verifier(secret).verify(self.body, self.headers)

    @property
    def payload(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    """Answers each POST with the next status of ``statuses`` (then 200)."""

    url: str
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    always: int | None = None


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            state.requests.append(Received(dict(self.headers.items()), body))
            if state.always is not None:
                status = state.always
            else:
                status = state.statuses.pop(0) if state.statuses else 200
            answer = b'{"ok": true}' if status < 300 else b"x" * 5000
            self.send_response(status)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def _loopback_allowed(settings: Any) -> None:
    # The receiver is on loopback, which production refuses (SSRF guard).
    settings.WEBHOOKS_ALLOW_PRIVATE_HOSTS = True


@pytest.fixture
def make_webhook(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    from plein.channels.webhooks.actions import check_create_webhook

    def make(
        actor: Any,
        url: str,
        events: tuple[str, ...] = ("post.created",),
        group: Any = None,
    ) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return check_create_webhook(
                actor,
                url=url,
                event_types=list(events),
                group_id=group.pk if group is not None else None,
            )

    return make
