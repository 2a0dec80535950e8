"""Event handlers that keep the evidence table in step with its sources.

Each handler works out whose evidence of which kinds a change touches and
enqueues ``refresh_evidence``, which recomputes those rows from the
sources. Handlers run inside the change's transaction; the refresh runs in
the worker once it commits.
"""

from typing import Any

from plein.core.events import Event, on
from plein.core.tasks import enqueue_on_commit
from plein.knowledge.expertise.actions import people_to_refresh
from plein.knowledge.expertise.models import EvidenceKind

SKILL_KINDS = [EvidenceKind.SKILL.value, EvidenceKind.ENDORSEMENT.value]


def _enqueue(touched: dict[int, set[str]]) -> None:
    from plein.knowledge.expertise.tasks import refresh_evidence

    for person_id, kinds in touched.items():
        enqueue_on_commit(refresh_evidence, person_id=person_id, kinds=sorted(kinds))


def on_post_changed(event: Event) -> None:
    _enqueue(people_to_refresh(post_id=event.payload.get("post_id")))


def on_comment_changed(event: Event) -> None:
    _enqueue(people_to_refresh(comment_id=event.payload.get("comment_id")))


def on_answer_changed(event: Event) -> None:
    touched = people_to_refresh(post_id=event.payload.get("post_id"))
    author_id = event.payload.get("answer_author_id")
    if author_id:
        touched.setdefault(int(author_id), set()).add(EvidenceKind.ANSWER.value)
    _enqueue(touched)


def on_page_changed(event: Event) -> None:
    touched = people_to_refresh(page_id=event.payload.get("page_id"))
    if event.actor_id:
        touched.setdefault(event.actor_id, set()).update(
            (EvidenceKind.WIKI_WRITTEN.value, EvidenceKind.WIKI_VERIFIED.value)
        )
    _enqueue(touched)


def on_profile_changed(event: Event) -> None:
    fields: Any = event.payload.get("fields")
    if event.name.endswith(".profile_edited") and "skills" not in (fields or ()):
        return
    user_id = event.payload.get("user_id")
    if user_id:
        _enqueue({int(user_id): set(SKILL_KINDS)})


def on_person_left_or_returned(event: Event) -> None:
    """A departed colleague's endorsements stop counting (and count again)."""
    from plein.knowledge.expertise.actions import endorsed_by

    user_id = event.payload.get("user_id")
    if user_id:
        _enqueue(endorsed_by(int(user_id)))


POST_EVENTS = [
    "posts.post.created",
    "posts.post.edited",
    "posts.post.deleted",
    "posts.post.withheld",
    "posts.post.released",
]
COMMENT_EVENTS = [
    "posts.comment.deleted",
    "posts.comment.withheld",
    "posts.comment.released",
]
ANSWER_EVENTS = ["qna.answer.accepted", "qna.answer.unaccepted"]
PAGE_EVENTS = [
    "wiki.page.created",
    "wiki.page.edited",
    "wiki.page.verified",
    "wiki.page.deleted",
    "wiki.page.moved",
]
PROFILE_EVENTS = ["people.person.created", "people.person.profile_edited"]


def register() -> None:
    """Subscribe the handlers (called once from ``ExpertiseConfig.ready``)."""
    for name in POST_EVENTS:
        on(name)(on_post_changed)
    for name in COMMENT_EVENTS:
        on(name)(on_comment_changed)
    for name in ANSWER_EVENTS:
        on(name)(on_answer_changed)
    for name in PAGE_EVENTS:
        on(name)(on_page_changed)
    for name in PROFILE_EVENTS:
        on(name)(on_profile_changed)
    for name in ("people.person.deactivated", "people.person.reactivated"):
        on(name)(on_person_left_or_returned)
