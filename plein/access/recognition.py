"""Who may mark what as "this helped me", and whose points are seen.

A mark goes on something the person may see: a post, a comment or a wiki
page, fetched through that kind's gatekeeper, so a hidden item answers
NotFound exactly like a missing one. Nobody marks their own work.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import pgettext

from plein.access.people import is_active_person, is_org_admin
from plein.access.posts import access_comment, access_post
from plein.access.wiki import access_page
from plein.core.errors import Forbidden, NotFound
from plein.posts.models import Comment, Post

if TYPE_CHECKING:
    from plein.knowledge.wiki.models import Page

HELPED_KINDS = ("post", "comment", "page")


@dataclass(frozen=True)
class HelpedTarget:
    kind: str
    obj: Any
    author_id: int

    @property
    def pk(self) -> int:
        return int(self.obj.pk)


def author_id_of(kind: str, obj: Any) -> int:
    """Who is credited for an item: the author, or a wiki page's owner."""
    return int(obj.owner_id if kind == "page" else obj.author_id)


def access_helped_target(
    user: Any, kind: str, target_id: int | str, *, for_mark: bool = True
) -> HelpedTarget:
    """Fetch an item the user may see (and mark), or raise NotFound/Forbidden.

    NotFound for a missing, hidden or unknown kind of item (never told
    apart); with ``for_mark``, Forbidden for one's own item, which one can
    see but not mark.
    """
    obj: Post | Comment | Page
    if kind == "post":
        obj = access_post(user, target_id)
    elif kind == "comment":
        obj = access_comment(user, target_id)
    elif kind == "page":
        obj = access_page(user, target_id)
    else:
        raise NotFound()
    target = HelpedTarget(kind=kind, obj=obj, author_id=author_id_of(kind, obj))
    if for_mark and target.author_id == user.pk:
        raise Forbidden(
            pgettext("permission", "You cannot mark your own contribution as helpful.")
        )
    return target


def can_mark_helped(user: Any, kind: str, obj: Any) -> bool:
    """For templates: the item is already visible; is it someone else's?"""
    return is_active_person(user) and author_id_of(kind, obj) != user.pk


def can_manage_recognition(user: Any) -> bool:
    """The organisation's recognition policy (leaderboard on or off)."""
    return is_org_admin(user)
