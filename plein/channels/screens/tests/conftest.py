"""Builders for office-screen tests: a world of posts and a connected screen."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from plein.access.roles import Role


@dataclass
class World:
    """Olga's posts, one of each kind of visibility, and her groups."""

    owner: Any
    groups: dict[str, Any]
    posts: dict[str, Any]


@pytest.fixture
def world(
    make_person: Callable[..., Any],
    make_group: Callable[..., Any],
    make_post: Callable[..., Any],
    run_on_commit: Callable[..., Any],
) -> World:
    from plein.announcements.actions import check_require_readers
    from plein.posts.actions import do_create_post, do_withhold
    from plein.posts.models import Withheld

    owner = make_person("Olga Owner", handle="olga", job_title="Editor")
    reader = make_person("Rita Reader", handle="rita")
    groups = {
        kind: make_group(owner, f"{kind.title()} group", kind=kind, members=(reader,))
        for kind in ("open", "closed", "secret")
    }
    posts = {
        kind: make_post(owner, f"zq{kind}post text", group=groups[kind])
        for kind in ("open", "closed", "secret")
    }
    posts["profile"] = make_post(owner, "zqprofilepost text")
    posts["restricted"] = run_on_commit(
        do_create_post, owner, body="zqrestrictedpost text", audience=[reader]
    )
    posts["withheld"] = make_post(owner, "zqwithheldpost text", group=groups["open"])
    do_withhold(posts["withheld"], Withheld.MODERATOR)
    # Announcements: one everyone may see, one in the closed group.
    posts["announced"] = make_post(
        owner, "zqannouncedpost text", title="Fire drill", group=groups["open"]
    )
    run_on_commit(check_require_readers, owner, posts["announced"], people=[reader])
    posts["closed_announced"] = make_post(
        owner, "zqclosedannounced text", group=groups["closed"]
    )
    run_on_commit(
        check_require_readers, owner, posts["closed_announced"], people=[reader]
    )
    return World(owner, groups, posts)


@pytest.fixture
def make_screen(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    from plein.channels.screens.actions import check_create_screen

    def make(actor: Any, name: str = "Canteen", **values: Any) -> Any:
        return run_on_commit(check_create_screen, actor, name=name, **values)

    return make


@pytest.fixture
def connect(run_on_commit: Callable[..., Any]) -> Callable[..., str]:
    """Create a token for a screen; the raw token."""
    from plein.channels.screens.actions import check_create_screen_token

    def make(actor: Any, screen: Any) -> str:
        _token, raw = run_on_commit(check_create_screen_token, actor, screen)
        return str(raw)

    return make


@pytest.fixture
def guest(make_person: Callable[..., Any]) -> Any:
    return make_person("Gus Guest", handle="gus", role=Role.GUEST)
