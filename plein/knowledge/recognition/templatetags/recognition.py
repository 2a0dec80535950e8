"""``{% helped_state target kind as helped %}`` for recognition/_helped.html."""

from typing import Any

from django import template
from django.urls import reverse

from plein.access.recognition import can_mark_helped
from plein.knowledge.recognition.queries import HelpedState, helped_counts

register = template.Library()

URL_NAMES = {
    "post": "recognition:helped-post",
    "comment": "recognition:helped-comment",
    "page": "recognition:helped-page",
}


@register.simple_tag(takes_context=True)
def helped_state(context: Any, target: Any, kind: str) -> HelpedState | None:
    """The mark state of a visible item for the person viewing the page.

    The including page already showed ``target``, so it is visible; None
    for an unknown kind or a missing item.
    """
    if kind not in URL_NAMES or target is None or getattr(target, "pk", None) is None:
        return None
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    counts = _counts_for(request, user, kind, target)
    count, is_marked = counts.get(target.pk, (0, False))
    return HelpedState(
        kind=kind,
        target_id=target.pk,
        count=count,
        is_marked=is_marked,
        can_mark=can_mark_helped(user, kind, target),
        url=reverse(URL_NAMES[kind], args=[target.pk]),
    )


def _counts_for(
    request: Any, user: Any, kind: str, target: Any
) -> dict[int, tuple[int, bool]]:
    """The counts for ``target``; for a comment, of all comments of its post.

    A post page shows the control under every comment: the first one loads
    the counts of the whole thread in one query, kept on the request.
    """
    post_id = getattr(target, "post_id", None) if kind == "comment" else None
    if request is None or post_id is None:
        return helped_counts(user, kind, [target.pk])
    from plein.posts.models import Comment

    cache = request.__dict__.setdefault("_helped_counts", {})
    key = (kind, post_id)
    if key not in cache or target.pk not in cache[key][1]:
        ids = list(Comment.objects.filter(post_id=post_id).values_list("pk", flat=True))
        cache[key] = (helped_counts(user, kind, ids), set(ids))
    return cache[key][0]
