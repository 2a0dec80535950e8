"""Personas and content for the search tests, built through the actions.

alice and bob share the closed and the secret group; carol is in neither.
"""

import datetime

import pytest
from django.utils import timezone

from plein.access.roles import GroupKind
from plein.groups.actions import check_create_group, check_join_group, do_add_member
from plein.people.actions import do_create_person
from plein.posts.actions import check_create_comment, check_create_post


@pytest.fixture
def alice(db):
    return do_create_person(
        email="alice@example.com",
        full_name="Alice Jansen",
        handle="alice",
        job_title="Planner",
    )


@pytest.fixture
def bob(db):
    return do_create_person(
        email="bob@example.com", full_name="Bob de Vries", handle="bob"
    )


@pytest.fixture
def carol(db):
    return do_create_person(
        email="carol@example.com", full_name="Carol Smit", handle="carol"
    )


@pytest.fixture
def open_group(alice, bob):
    group = check_create_group(alice, name="Facilitair", kind=GroupKind.OPEN)
    check_join_group(bob, group)
    return group


@pytest.fixture
def closed_group(alice, bob):
    group = check_create_group(alice, name="Directieoverleg", kind=GroupKind.CLOSED)
    do_add_member(group, bob)
    return group


@pytest.fixture
def secret_group(alice, bob):
    group = check_create_group(alice, name="Reorganisatie", kind=GroupKind.SECRET)
    do_add_member(group, bob)
    return group


@pytest.fixture
def make_post():
    def make(author, body, *, title="", group=None, language=None, days_ago=0):
        post = check_create_post(
            author, body=body, title=title, group=group, language=language
        )
        if days_ago:
            # Back-date after creation: the index copies created_at, so
            # re-index to pick the new date up, as rebuild_index would.
            from plein.posts.models import Post
            from plein.search.index import index_post

            Post.objects.filter(pk=post.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=days_ago)
            )
            post.refresh_from_db()
            from plein.search.models import Document

            Document.objects.filter(post_id=post.pk).update(created_at=post.created_at)
            index_post(post)
        return post

    return make


@pytest.fixture
def make_comment():
    def make(author, post, body):
        return check_create_comment(author, post, body=body)

    return make
