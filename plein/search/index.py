"""Keeping the search index in step with posts and comments (interim)."""

from typing import Any


def index_post(post: Any) -> None:
    return None


def unindex_post(post_id: int) -> None:
    return None


def index_comment(comment: Any) -> None:
    return None


def unindex_comment(comment_id: int) -> None:
    return None
