"""Link previews fetch page titles, but never from the internal network.

A real HTTP server on 127.0.0.1 stands in for an internal service. Names are
resolved through the fetcher's own resolver hook, so the tests can count
resolutions and hand out private answers without touching sockets or DNS.
"""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from plein.posts.models import LinkPreview
from plein.posts.previews import PreviewFetcher, fetch_title, is_public_address
from plein.posts.tasks import fetch_link_previews

PAGE = b"""<html><head><title>Rente &amp; regels 2027</title>
<meta property="og:description" content="Wat verandert er voor hypotheken"></head><body></body></html>"""


class Handler(BaseHTTPRequestHandler):
    """A page, and redirects to wherever ``?to=`` says; it remembers requests."""

    seen: list[tuple[str, str]]

    def do_GET(self) -> None:
        self.server.seen.append((self.path, self.headers.get("Host", "")))  # type: ignore[attr-defined]
        if self.path.startswith("/redirect?to="):
            self.send_response(302)
            self.send_header("Location", self.path.partition("?to=")[2])
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Any]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.url = f"http://127.0.0.1:{httpd.server_address[1]}"  # type: ignore[attr-defined]
    yield httpd
    httpd.shutdown()
    httpd.server_close()


class CountingResolver:
    """Answers from a table, counting every question (a DNS stand-in)."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return self.answers[host]


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",  # loopback
        "10.1.2.3",  # private
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "100.127.255.254",
        "169.254.169.254",  # link-local: cloud metadata services
        "0.0.0.0",  # noqa: S104 - the unspecified address, a value here
        "224.0.0.1",  # multicast
        "233.252.0.1",
        "240.0.0.1",  # reserved
        "255.255.255.255",
        "192.0.2.1",  # documentation
        "198.18.0.1",  # benchmarking
        "::1",
        "::",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",  # unique local
        "fec0::1",  # site-local
        "ff02::1",  # multicast
        "2001:db8::1",  # documentation
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:8.8.8.8",  # IPv4-mapped, even of a public address
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "2002:a00:1::1",  # 6to4 around 10.0.0.1
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo around 10.0.0.1
        "64:ff9b::a00:1",  # NAT64 to 10.0.0.1
        "64:ff9b::7f00:1",  # NAT64 to 127.0.0.1
        "not an address",
    ],
)
def test_non_public_addresses_are_refused(address):
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "93.184.215.14", "2606:4700:4700::1111", "64:ff9b::808:808"],
)
def test_public_addresses_are_allowed(address):
    assert is_public_address(address)


def test_loopback_server_is_refused_and_never_contacted(server, settings):
    settings.LINK_PREVIEWS_ALLOW_PRIVATE = False
    assert fetch_title(server.url + "/") == ("", "")
    assert server.seen == []


def test_loopback_server_is_fetched_when_private_addresses_are_allowed(
    server, settings
):
    settings.LINK_PREVIEWS_ALLOW_PRIVATE = True
    assert fetch_title(server.url + "/") == (
        "Rente & regels 2027",
        "Wat verandert er voor hypotheken",
    )


def test_name_resolving_to_a_private_address_is_refused_after_one_resolution(
    server,
):
    port = server.server_address[1]
    resolver = CountingResolver({"intranet.example": ["10.0.0.7"]})
    fetcher = PreviewFetcher(resolve=resolver)
    assert fetcher.fetch(f"http://intranet.example:{port}/") == ("", "")
    assert resolver.asked == ["intranet.example"]
    assert server.seen == []


def test_name_with_one_private_answer_among_public_ones_is_refused(server):
    port = server.server_address[1]
    resolver = CountingResolver({"mixed.example": ["8.8.8.8", "127.0.0.1"]})
    fetcher = PreviewFetcher(resolve=resolver)
    assert fetcher.fetch(f"http://mixed.example:{port}/") == ("", "")
    assert server.seen == []


def test_fetch_connects_to_the_checked_address_with_the_name_as_host(server):
    """One resolution per hop; the connection never asks DNS again (rebinding)."""
    port = server.server_address[1]
    answers = iter([["127.0.0.1"], ["10.9.9.9"]])  # a rebinding DNS server

    def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    checked: list[str] = []

    def only_the_test_server(address: str) -> bool:
        checked.append(address)
        return address == "127.0.0.1"

    fetcher = PreviewFetcher(resolve=rebinding, is_allowed=only_the_test_server)
    title, _description = fetcher.fetch(f"http://news.example:{port}/nieuws")
    assert title == "Rente & regels 2027"
    assert checked == ["127.0.0.1"]
    assert server.seen == [("/nieuws", f"news.example:{port}")]


def test_every_redirect_is_checked_again(server):
    port = server.server_address[1]
    resolver = CountingResolver(
        {"news.example": ["127.0.0.1"], "internal.example": ["10.0.0.8"]}
    )
    fetcher = PreviewFetcher(
        resolve=resolver, is_allowed=lambda address: address == "127.0.0.1"
    )
    hop = f"http://internal.example:{port}/secret"
    assert fetcher.fetch(f"http://news.example:{port}/redirect?to={hop}") == ("", "")
    assert resolver.asked == ["news.example", "internal.example"]
    # The first hop was answered; the redirect was never followed.
    assert [path for path, _host in server.seen] == [f"/redirect?to={hop}"]


def test_allowed_redirects_are_followed_a_few_times_only(server):
    resolver = CountingResolver({"news.example": ["127.0.0.1"]})
    fetcher = PreviewFetcher(resolve=resolver, is_allowed=lambda a: True)
    base = f"http://news.example:{server.server_address[1]}"
    assert fetcher.fetch(f"{base}/redirect?to=/page")[0] == "Rente & regels 2027"
    loop = f"{base}/redirect?to={base}/redirect?to=/redirect?to=/redirect?to=/x"
    assert fetcher.fetch(loop) == ("", "")


def test_other_schemes_are_not_fetched(settings):
    settings.LINK_PREVIEWS_ALLOW_PRIVATE = True
    assert fetch_title("file:///etc/passwd") == ("", "")
    assert fetch_title("gopher://127.0.0.1/") == ("", "")


@pytest.mark.django_db
def test_previews_attach_to_the_post(alice, make_post, server, settings):
    settings.LINK_PREVIEWS_ALLOW_PRIVATE = True
    post = make_post(alice, "Lees dit")
    fetch_link_previews.call(
        post_id=post.pk, urls=[server.url + "/a", "http://127.0.0.1:1/down"]
    )
    ok = LinkPreview.objects.get(url=server.url + "/a")
    assert ok.is_ok and ok.title == "Rente & regels 2027" and post in ok.posts.all()
    assert not LinkPreview.objects.get(url="http://127.0.0.1:1/down").is_ok
