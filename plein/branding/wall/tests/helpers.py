"""Checks shared by the wall tests."""

from typing import Any

from django.test import Client


def shown_on_wall(post: Any) -> bool:
    """Whether the public wall (list and own page) shows ``post``, no login."""
    client = Client()
    listed = client.get("/wall/")
    own = client.get(f"/wall/{post.pk}/")
    in_list = listed.status_code == 200 and f'id="wall-{post.pk}"' in (
        listed.content.decode()
    )
    assert in_list == (own.status_code == 200), "the list and the page disagree"
    return in_list
