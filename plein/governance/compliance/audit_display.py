"""The audit log as people read it: names for the ids, labels for the codes.

Entries hold ids and codes only (the log is append-only and outlives
erasure), so names are looked up when a page or an export is built, for a
whole page at once: one query for every person the page mentions and one
per kind of other target (posts, comments, groups). People and groups are
named; posts and comments keep their number (their text is content, not
part of the log). What the reader may not see keeps its type and id, a
deleted object shows as deleted, an erased person under the pseudonym,
marked as erased.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import pgettext

from plein.access.groups import visible_groups
from plein.access.people import can_view_person
from plein.access.posts import visible_comments, visible_posts
from plein.governance.compliance.audit_labels import action_label, detail_label, yes_no
from plein.governance.compliance.erasure import is_erased
from plein.governance.compliance.models import AuditEntry
from plein.groups.models import Group
from plein.people.models import User
from plein.posts.models import Comment, Post

# Payload keys whose value is a person's id, or a list of them.
PERSON_KEYS = frozenset(
    {
        "user_id",
        "person_id",
        "author_id",
        "actor_id",
        "answer_author_id",
        "manager_id",
        "owner_id",
        "requested_by_id",
        "recipient_id",
        "receiver_id",
        "giver_id",
        "created_by_id",
        "follower_id",
        "followed_id",
    }
)
PERSON_LIST_KEYS = frozenset({"mention_ids", "new_mention_ids"})
# An entry's target type is the event's noun ("person") or the payload key
# it was taken from, without "_id" ("followed"): see audit.event_target.
PERSON_TARGETS = frozenset({key.removesuffix("_id") for key in PERSON_KEYS})
POST_TARGETS = frozenset({"post", "question"})
COMMENT_TARGETS = frozenset({"comment", "answer"})
GROUP_TARGETS = frozenset({"group"})


@dataclass(frozen=True)
class Named:
    """A person or an object as the reader may see it."""

    text: str
    url: str = ""
    note: str = ""  # "erased", "deleted": shown after the name

    def __str__(self) -> str:
        return f"{self.text} ({self.note})" if self.note else self.text


@dataclass(frozen=True)
class Detail:
    label: str
    value: str = ""
    people: tuple[Named, ...] = ()


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    action_label: str
    actor: Named | None
    target: Named | None
    details: list[Detail] = field(default_factory=list)


def _numbered(kind: str, pk: Any) -> str:
    return pgettext("audit", "%(kind)s #%(id)s") % {"kind": kind, "id": pk}


def _deleted() -> str:
    return pgettext("audit", "deleted")


class Names:
    """The people and objects a batch of entries mentions, loaded at once."""

    def __init__(self, viewer: Any, entries: list[AuditEntry]) -> None:
        self.viewer = viewer
        person_ids: set[int] = set()
        targets: dict[str, set[int]] = {"post": set(), "comment": set(), "group": set()}
        for entry in entries:
            if entry.actor_id is not None:
                person_ids.add(entry.actor_id)
            kind = _target_kind(entry.target_type)
            if kind == "person" and entry.target_id is not None:
                person_ids.add(entry.target_id)
            elif kind in targets and entry.target_id is not None:
                targets[kind].add(entry.target_id)
            person_ids |= set(_people_in(entry.data))
        self.people = (
            User.objects.in_bulk(person_ids, field_name="pk") if person_ids else {}
        )
        self.posts = self._load(targets["post"], Post.objects.all(), visible_posts)
        self.comments = self._load(
            targets["comment"], Comment.objects.all(), visible_comments
        )
        self.groups = self._load(targets["group"], Group.objects.all(), visible_groups)

    def _load(self, ids: set[int], qs: QuerySet[Any], visible: Any) -> dict[int, Model]:
        if not ids:
            return {}
        # One query: the rows, each marked whether the reader may see it.
        allowed = visible(self.viewer, qs.model.objects.filter(pk=OuterRef("pk")))
        rows = qs.filter(pk__in=ids).annotate(is_visible=Exists(allowed))
        return {row.pk: row for row in rows}

    def person(self, pk: int) -> Named:
        person = self.people.get(pk)
        if person is None:
            return Named(_numbered(pgettext("audit", "Person"), pk), note=_deleted())
        if is_erased(person):
            return Named(person.full_name, note=pgettext("audit", "erased"))
        url = ""
        if can_view_person(self.viewer, person):
            url = reverse("people:profile", args=[person.handle])
        return Named(person.full_name, url)

    def target(self, entry: AuditEntry) -> Named | None:
        if not entry.target_type:
            return None
        pk = entry.target_id
        kind = _target_kind(entry.target_type)
        if pk is None:
            return Named(entry.target_type)
        if kind == "person":
            return self.person(pk)
        if kind == "post":
            return self._post(pk)
        if kind == "comment":
            return self._comment(pk)
        if kind == "group":
            return self._group(pk)
        return Named(_numbered(entry.target_type, pk))

    # Posts and comments keep their number: what people wrote stays out of
    # the log and its export (eDiscovery is the audited way to read it). A
    # reader who may open one gets the link.

    def _post(self, pk: int) -> Named:
        label = _numbered(pgettext("audit", "Post"), pk)
        post: Any = self.posts.get(pk)
        if post is None or post.deleted_at is not None:
            return Named(label, note=_deleted())
        if not post.is_visible:
            return Named(label)
        return Named(label, reverse("posts:detail", args=[pk]))

    def _comment(self, pk: int) -> Named:
        label = _numbered(pgettext("audit", "Comment"), pk)
        comment: Any = self.comments.get(pk)
        if comment is None or comment.deleted_at is not None:
            return Named(label, note=_deleted())
        if not comment.is_visible:
            return Named(label)
        url = reverse("posts:detail", args=[comment.post_id]) + f"#comment-{pk}"
        return Named(label, url)

    def _group(self, pk: int) -> Named:
        label = _numbered(pgettext("audit", "Group"), pk)
        group: Any = self.groups.get(pk)
        if group is None:
            return Named(label, note=_deleted())
        if not group.is_visible:
            return Named(label)
        return Named(group.name, reverse("groups:detail", args=[group.slug]))

    def details(self, data: Any) -> list[Detail]:
        if not isinstance(data, dict):
            return [Detail(pgettext("audit", "Data"), _format(data))] if data else []
        items = []
        for key, value in data.items():
            label = detail_label(str(key))
            if key in PERSON_KEYS and isinstance(value, int):
                items.append(Detail(label, people=(self.person(value),)))
            elif key in PERSON_LIST_KEYS and _all_ints(value):
                people = tuple(self.person(pk) for pk in value)
                items.append(Detail(label, people=people))
            elif str(key).endswith("_id") and isinstance(value, int):
                items.append(Detail(label, f"#{value}"))
            else:
                items.append(Detail(label, _format(value)))
        return items


def _target_kind(target_type: str) -> str:
    if target_type in PERSON_TARGETS:
        return "person"
    if target_type in POST_TARGETS:
        return "post"
    if target_type in COMMENT_TARGETS:
        return "comment"
    if target_type in GROUP_TARGETS:
        return "group"
    return target_type


def _all_ints(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, int) for v in value)


def _people_in(data: Any) -> Iterable[int]:
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        if key in PERSON_KEYS and isinstance(value, int):
            yield value
        elif key in PERSON_LIST_KEYS and _all_ints(value):
            yield from value


def _format(value: Any) -> str:
    # bool before int: True is an int too.
    if isinstance(value, bool):
        return yes_no(value)
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(_format(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(
            f"{detail_label(str(k))}: {_format(v)}" for k, v in value.items()
        )
    return str(value)


def build_audit_rows(viewer: Any, entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """A page of entries with names, labels and readable details."""
    entries = list(entries)
    names = Names(viewer, entries)
    return [
        AuditRow(
            entry=entry,
            action_label=action_label(entry.action),
            actor=names.person(entry.actor_id) if entry.actor_id is not None else None,
            target=names.target(entry),
            details=names.details(entry.data),
        )
        for entry in entries
    ]
