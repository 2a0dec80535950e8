"""Read functions for the leak prevention review queue."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType

from plein.access.dlp import can_review_leaks, held_items_filter
from plein.access.posts import readers_among
from plein.governance.dlp.models import DlpHit, HitAction
from plein.posts.models import Comment, Post

QUEUE_LIMIT = 100


@dataclass
class HeldItem:
    kind: str  # "post" or "comment"
    obj: Any
    post: Post
    hits: list[DlpHit] = field(default_factory=list)
    form: Any = None  # the reviewer's decision form, set by the view

    @property
    def held_at(self) -> Any:
        return self.obj.withheld_at


def list_held_items(reviewer: Any) -> list[HeldItem]:
    """Posts and comments held by leak prevention that ``reviewer`` may judge.

    Oldest first, with the hits that held them; only content the reviewer
    could read once released (the same rule as ``access_held_item``).
    """
    if not can_review_leaks(reviewer):
        return []
    posts = Post.objects.select_related("author", "group").filter(**held_items_filter())
    items = [
        HeldItem(kind="post", obj=post, post=post)
        for post in posts.order_by("withheld_at", "pk")[:QUEUE_LIMIT]
    ]
    comments = Comment.objects.select_related("author", "post", "post__group").filter(
        post__deleted_at__isnull=True, **held_items_filter()
    )
    items += [
        HeldItem(kind="comment", obj=comment, post=comment.post)
        for comment in comments.order_by("withheld_at", "pk")[:QUEUE_LIMIT]
    ]
    items = [
        item
        for item in items
        if readers_among(item.post, [reviewer.pk], once_released=True)
    ]
    _attach_hits(items)
    items.sort(key=lambda item: (item.held_at, item.obj.pk))
    return items


def _attach_hits(items: list[HeldItem]) -> None:
    for model, kind in ((Post, "post"), (Comment, "comment")):
        ids = [item.obj.pk for item in items if item.kind == kind]
        if not ids:
            continue
        content_type = ContentType.objects.get_for_model(model)
        hits = DlpHit.objects.filter(
            content_type=content_type, object_id__in=ids, action=HitAction.HELD
        ).order_by("pk")
        by_id: dict[int, list[DlpHit]] = {}
        for hit in hits:
            by_id.setdefault(hit.object_id or 0, []).append(hit)
        for item in items:
            if item.kind == kind:
                item.hits = by_id.get(item.obj.pk, [])
