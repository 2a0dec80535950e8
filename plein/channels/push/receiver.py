"""A push service on loopback, for the tests and the benchmark.

It answers every POST as a push service would (201 Created, or a status
chosen per path: 410 for a subscription that is gone, 500 for a service in
trouble) and keeps what it was sent: the path, the headers and the
encrypted body. Decrypting is the tests' business (they hold the device's
private key). Keep-alive HTTP/1.1 in threads, like the real services.
"""

import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


class PushReceiver:
    """``with PushReceiver() as service:`` then ``service.endpoint("device-1")``."""

    def __init__(self, *, keep: bool = True) -> None:
        self.keep = keep
        self.received: list[Received] = []
        self.count = 0
        # path -> statuses to answer in turn; the last one repeats.
        self.statuses: dict[str, list[int]] = {}
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                status = receiver._record(self.path, headers, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def _record(self, path: str, headers: dict[str, str], body: bytes) -> int:
        with self._lock:
            self.count += 1
            if self.keep:
                self.received.append(Received(path, headers, body))
            queue = self.statuses.get(path)
            if not queue:
                return 201
            return queue.pop(0) if len(queue) > 1 else queue[0]

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def endpoint(self, name: str) -> str:
        return f"{self.origin}/push/{name}"

    def answer(self, name: str, *statuses: int) -> None:
        """Answer pushes to ``endpoint(name)`` with these statuses, in turn."""
        self.statuses[f"/push/{name}"] = list(statuses)

    def for_endpoint(self, name: str) -> list[Received]:
        return [r for r in self.received if r.path == f"/push/{name}"]

    def __enter__(self) -> "PushReceiver":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
