"""The pages people open every day cost the same number of queries at any size.

Each page is rendered for a small organisation, then again after adding many
more posts, comments, reactions, hashtags, questions, groups, follows and
notifications. A page whose query count grows with the data (a query per
post, per comment, per group: an N+1) fails here. How fast the pages are is
measured by ``plein bench``, not by tests.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plein.access.roles import Role
from plein.groups.actions import do_add_member
from plein.knowledge.qna.actions import (
    check_accept_answer,
    check_answer,
    check_ask_question,
)
from plein.people.actions import check_follow_person
from plein.posts.actions import (
    check_bookmark_post,
    check_create_comment,
    check_create_post,
    check_react,
)
from plein.posts.models import ReactionKind

pytestmark = pytest.mark.django_db


class Organisation:
    """A growing organisation around alice, who opens the pages."""

    def __init__(
        self, run: Callable[..., Any], make_person: Callable[..., Any], make_group: Any
    ) -> None:
        self.run = run
        self.make_person = make_person
        self.make_group = make_group
        self.alice = make_person("Alice de Vries", handle="alice")
        self.bob = make_person("Bob Jansen", handle="bob")
        self.people = [self.alice, self.bob]
        self.group = make_group(self.bob, "Hypotheken", members=[self.alice])
        self.post = None
        self.question = None
        self.rounds = 0

    def grow(self, *, people: int, posts: int, comments: int) -> None:
        """Add people, groups, follows and content that reaches alice."""
        self.rounds += 1
        n = self.rounds
        newcomers = [self.make_person(f"Collega {n}-{i}") for i in range(people)]
        self.people += newcomers
        extra = self.make_group(self.bob, f"Werkgroep {n}", members=[self.alice])
        closed = self.make_group(newcomers[0], f"Besloten {n}", kind="closed")
        for person in newcomers:
            self.run(do_add_member, self.group, person)
            self.run(do_add_member, extra, person)
            self.run(check_follow_person, self.alice, person)
            self.run(check_follow_person, person, self.alice)
        authors = [self.bob, *newcomers]
        for i in range(posts):
            author = authors[i % len(authors)]
            group = (self.group, extra, None)[i % 3]
            post = self.run(
                check_create_post,
                author,
                body=f"Nieuwe hypotheek regels {n}.{i} voor @alice #hypotheek #regels{i % 4}",
                group=group,
                language="nl",
            )
            for reactor, kind in zip(self.people, ReactionKind.values, strict=False):
                self.run(check_react, reactor, post=post, kind=kind, on=True)
            if i % 2:
                self.run(check_bookmark_post, self.alice, post, bookmarked=True)
            self.post = self.post or post
        self.run(
            check_create_post,
            newcomers[0],
            body=f"Alleen voor de besloten groep over hypotheek {n}",
            group=closed,
            language="nl",
        )
        own = self.run(
            check_create_post,
            self.alice,
            body=f"Wie weet meer over de hypotheek-rente {n}?",
            language="nl",
        )
        for i in range(comments):
            author = authors[i % len(authors)]
            for target in (self.post, own):
                comment = self.run(
                    check_create_comment,
                    author,
                    target,
                    body=f"Reactie {n}.{i} over de hypotheek, @alice",
                )
                self.run(check_react, self.alice, comment=comment, kind="like", on=True)
        question = self.run(
            check_ask_question,
            self.alice,
            title=f"Hoe werkt de hypotheek {n}?",
            body="Graag een uitleg van de regels.",
            tags="hypotheek",
            language="nl",
        )
        answers = [
            self.run(check_answer, person, question, body=f"Zo werkt het {n}.{i}.")
            for i, person in enumerate(authors[:3])
        ]
        self.run(check_accept_answer, self.alice, question, answers[0])
        self.question = self.question or question

    def pages(self) -> dict[str, str]:
        return {
            "home": "/",
            "home, groups only": "/?filter=groups",
            "group": f"/groups/{self.group.slug}/",
            "post": f"/posts/{self.post.pk}/",
            "question": f"/questions/{self.question.pk}/",
            "search": "/search/?q=hypotheek",
            "search by relevance": "/search/?q=hypotheek+regels&order=relevance",
            "profile": "/people/bob/",
            "own profile": "/people/alice/",
            "notifications": "/notifications/",
        }


def _queries_per_page(client: Any, pages: dict[str, str]) -> dict[str, list[str]]:
    statements = {}
    for name, path in pages.items():
        # The first view does once-only work (marking the feed read, the
        # session's last-seen stamp); the second is the one that repeats.
        assert client.get(path).status_code == 200, path
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, path
        statements[name] = [query["sql"] for query in captured.captured_queries]
    return statements


def test_daily_pages_run_as_many_queries_however_much_data_there_is(
    client, make_person, make_group, django_capture_on_commit_callbacks
):
    def run(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    org = Organisation(run, make_person, make_group)
    org.grow(people=2, posts=3, comments=1)
    client.force_login(org.alice)
    small = _queries_per_page(client, org.pages())

    org.grow(people=4, posts=24, comments=5)
    large = _queries_per_page(client, org.pages())

    grown = {
        name: (len(small[name]), len(large[name]))
        for name in small
        if len(small[name]) != len(large[name])
    }
    details = "\n".join(
        f"{name}: {before} -> {after} queries; the larger run:\n  "
        + "\n  ".join(large[name])
        for name, (before, after) in grown.items()
    )
    assert not grown, details


def test_a_moderator_sees_the_same_number_of_queries(
    client, make_person, make_group, django_capture_on_commit_callbacks
):
    """Rights shown on every card (delete, pin) are not looked up per post."""

    def run(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    org = Organisation(run, make_person, make_group)
    moderator = make_person("Mo Derator", role=Role.MODERATOR)
    run(do_add_member, org.group, moderator)
    org.grow(people=2, posts=3, comments=1)
    client.force_login(moderator)
    pages = {"home": "/", "group": f"/groups/{org.group.slug}/"}
    small = _queries_per_page(client, pages)
    org.grow(people=3, posts=12, comments=2)
    large = _queries_per_page(client, pages)
    assert {k: len(v) for k, v in small.items()} == {
        k: len(v) for k, v in large.items()
    }
