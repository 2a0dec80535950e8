"""``{{ post|post_kind }}``: the registered kind of a post, for its card."""

from typing import Any

from django import template

from plein.posts.kinds import PostKind, get_post_kind

register = template.Library()


@register.filter
def post_kind(post: Any) -> PostKind:
    return get_post_kind(post.kind)
