"""Builders for the feed tests: tokens, and reading a feed as XML."""

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from plein.channels.feeds.queries import build_feed_path

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def make_token(run_on_commit: Callable[..., Any]) -> Callable[..., str]:
    from plein.channels.feeds.actions import check_create_feed_token

    def make(user: Any, name: str = "Reader") -> str:
        _token, raw = run_on_commit(check_create_feed_token, user, name=name)
        return raw

    return make


@pytest.fixture
def fetch() -> Callable[..., Any]:
    """GET a feed anonymously, as a feed reader would."""

    def get(
        raw: str,
        kind: str = "home",
        target: str = "",
        fmt: str = "atom",
        **headers: Any,
    ) -> Any:
        return Client().get(build_feed_path(raw, kind, target, fmt), **headers)

    return get


def parse_feed(response: Any) -> ET.Element:
    """The document's root; it is our own answer, not untrusted input."""
    return ET.fromstring(response.content)  # noqa: S314


def atom_titles(response: Any) -> list[str]:
    root = parse_feed(response)
    return [e.findtext(f"{ATOM}title") or "" for e in root.iter(f"{ATOM}entry")]


def rss_titles(response: Any) -> list[str]:
    root = parse_feed(response)
    return [e.findtext("title") or "" for e in root.iter("item")]
