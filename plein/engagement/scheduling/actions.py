"""Every change to drafts and scheduled posts, and publishing them on time.

``check_*`` validates and authorises through ``plein.access``, then calls
the matching ``do_*``, which writes and emits events after commit. Callers
run inside a transaction (views and the API use ``atomic(durable=True)``);
the job's :func:`do_publish_due` opens one transaction per item.

Publishing, now or later, goes through the schedulable's own form and its
own publish function (``plein.engagement.scheduling.registry``), as the
author, with the author's language and time zone: the membership, the
guidelines, leak prevention, the kind's rules and limits are checked again
at publish time, and a refusal there fails the item and tells the author.
Scheduling runs the same path once in a savepoint that is rolled back (a
*dry run*), so the author hears about a problem while still writing; what
the dry run wrote, and what it would have sent after commit, is undone.
"""

import logging
import zoneinfo
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.groups import can_post_in_group
from plein.access.people import is_active_person
from plein.access.scheduling import can_delete_scheduled, can_edit_scheduled
from plein.core.errors import Conflict, Forbidden, InvalidInput, PleinError
from plein.core.events import emit_on_commit
from plein.core.publishing import Refused
from plein.engagement.scheduling.models import ScheduledPost, State
from plein.engagement.scheduling.registry import FormData, Schedulable, schedulables
from plein.groups.models import Group
from plein.notifications.actions import do_notify
from plein.people.models import User
from plein.posts.models import Post

logger = logging.getLogger(__name__)

MAX_DAYS_AHEAD = 366
MAX_DATA_CHARS = 200_000
MAX_ATTEMPTS = 5  # unexpected errors in a row before an item fails
DUE_BATCH = 200
# Form fields a scheduled item never stores: the page's own plumbing.
PLUMBING = frozenset(
    {"csrfmiddlewaretoken", "schedule_action", "schedule_at", "next", "group_slug"}
)
TITLE_MAX = 300


# The author's input ---------------------------------------------------------------


def clean_form_data(raw: Mapping[str, Any], schedulable: Schedulable) -> FormData:
    """The form's data to store: names → lists of strings, without plumbing.

    Accepts a QueryDict (a form post) or a plain mapping (the API), whose
    values are a string, a number, a boolean or a list of them. Raises
    InvalidInput (field "data") for anything else or for too much text.
    """
    skipped = PLUMBING | set(schedulable.skipped_fields)
    data: FormData = {}
    getlist = getattr(raw, "getlist", None)
    for name in raw:
        if not isinstance(name, str) or name in skipped or len(name) > 100:
            continue
        values = getlist(name) if getlist is not None else raw[name]
        if values is None:
            continue
        if not isinstance(values, list | tuple):
            values = [values]
        cleaned = []
        for value in values:
            if isinstance(value, bool):
                # A checkbox: checked sends "on", unchecked sends nothing.
                if value:
                    cleaned.append("on")
                continue
            if not isinstance(value, str | int | float):
                raise InvalidInput(
                    _("Give text, numbers or lists of them."), field="data"
                )
            cleaned.append(str(value))
        if cleaned:
            data[name] = cleaned
    if sum(len(v) for values in data.values() for v in values) > MAX_DATA_CHARS:
        raise InvalidInput(_("This is too long to schedule."), field="data")
    return data


def as_querydict(data: Mapping[str, list[str]]) -> QueryDict:
    """Stored data as the request data a form expects."""
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, list(values))
    return query


def build_form(actor: User, schedulable: Schedulable, data: FormData | None) -> Any:
    """The feature's form for ``actor``, bound to ``data`` (None: unbound)."""
    return schedulable.form(
        actor, as_querydict(data) if data is not None else None, None
    )


def _valid_form(actor: User, schedulable: Schedulable, data: FormData) -> Any:
    form = build_form(actor, schedulable, data)
    if form.is_valid():
        return form
    # The first error, on the field it names (the API and the job).
    for name, errors in form.errors.items():
        raise InvalidInput(
            str(errors[0]), field=None if name == "__all__" else str(name)
        )
    raise InvalidInput()  # pragma: no cover - is_valid() is False only with errors


@contextmanager
def _as_author(author: User) -> Iterator[None]:
    """The author's language and time zone, as on their own pages."""
    try:
        zone = zoneinfo.ZoneInfo(author.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("Europe/Amsterdam")
    with translation.override(author.language), timezone.override(zone):
        yield


def _publish_as(actor: User, schedulable: Schedulable, data: FormData) -> Post:
    """Publish ``data`` exactly as the feature's page would: form, then action."""
    form = _valid_form(actor, schedulable, data)
    post: Post = schedulable.publish(actor, form)
    return post


class _Undo(Exception):
    def __init__(self, post: Post) -> None:
        super().__init__("dry run")
        self.post = post


def _dry_run(actor: User, schedulable: Schedulable, data: FormData) -> Post:
    """Run the whole publishing path in a savepoint, then roll it back.

    Returns the unsaved post as it would have been (its group, kind, text).
    Whatever the path wrote is undone with the savepoint, and Django drops
    the after-commit work registered inside it (delivery, notifications,
    push, live wake-ups), so nothing of it reaches anyone. Raises what
    publishing would raise (InvalidInput, Refused, Forbidden, NotFound).
    """
    try:
        with transaction.atomic():
            raise _Undo(_publish_as(actor, schedulable, data))
    except _Undo as undo:
        return undo.post


def _text_of(schedulable: Schedulable, data: FormData) -> tuple[str, str]:
    values = [" ".join(data.get(name, [])).strip() for name in schedulable.text_fields]
    if len(values) > 1:
        return values[0][:TITLE_MAX], "\n".join(values[1:]).strip()
    return "", values[0] if values else ""


def _draft_group(actor: User, form: Any) -> Group | None:
    """The group a draft is for, when its form names one the actor posts in."""
    cleaned = getattr(form, "cleaned_data", {}) or {}
    group_id = cleaned.get("group")
    if not isinstance(group_id, int):
        return None
    group = Group.objects.filter(pk=group_id).first()
    if group is None or not can_post_in_group(actor, group):
        return None
    return group


def check_publish_at(value: datetime | None, now: datetime) -> datetime:
    """A publish time in the future and at most a year ahead.

    Raises InvalidInput naming "publish_at".
    """
    if value is None:
        raise InvalidInput(_("Choose when to publish."), field="publish_at")
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value <= now:
        raise InvalidInput(_("Choose a time in the future."), field="publish_at")
    if value > now + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(
            _("Choose a time within a year from now."), field="publish_at"
        )
    return value


# Saving, scheduling, cancelling -------------------------------------------------


def check_save_scheduled(
    actor: User,
    *,
    source: str,
    data: Mapping[str, Any],
    schedule: bool,
    publish_at: datetime | None = None,
    item: ScheduledPost | None = None,
    origin: str = "web",
    now: datetime | None = None,
) -> ScheduledPost:
    """Save the author's input as a draft, or schedule it for ``publish_at``.

    ``item`` (from ``access_scheduled(for_write=True)``) is changed, else a
    new one is made. Scheduling checks the time (future, within a year)
    and runs the whole publishing path once as a dry run, so whatever
    would refuse it now (the form's fields, membership, guidelines, leak
    prevention, the kind's rules) is reported at once; it is all checked
    again at publish time. A draft is stored as it is. Raises InvalidInput
    naming the field ("source", "data", "publish_at" or the form's),
    Refused, Forbidden. Runs in the caller's transaction.
    """
    if not is_active_person(actor):
        raise Forbidden()
    if item is not None and not can_edit_scheduled(actor, item):
        raise Forbidden(pgettext("permission", "Only its author can change it."))
    schedulable = schedulables.get(source)
    if schedulable is None:
        raise InvalidInput(_("This cannot be scheduled."), field="source")
    stored = clean_form_data(data, schedulable)
    now = now or timezone.now()
    if schedule:
        when = check_publish_at(publish_at, now)
        post = _dry_run(actor, schedulable, stored)
        return do_save_scheduled(
            actor,
            item,
            source=source,
            data=stored,
            state=State.SCHEDULED,
            publish_at=when,
            group=post.group,
            kind=post.kind,
            parts=list(getattr(post, "scheduled_parts", [])),
            title=post.title[:TITLE_MAX],
            text=post.body,
            origin=origin,
        )
    when_draft = check_publish_at(publish_at, now) if publish_at else None
    form = build_form(actor, schedulable, stored)
    form.is_valid()  # a draft may be unfinished: only its group is read
    title, text = _text_of(schedulable, stored)
    if not (title or text):
        raise InvalidInput(
            _("Write something before saving a draft."),
            field=schedulable.text_fields[-1],
        )
    return do_save_scheduled(
        actor,
        item,
        source=source,
        data=stored,
        state=State.DRAFT,
        publish_at=when_draft,
        group=_draft_group(actor, form),
        kind=schedulable.kind,
        parts=[],
        title=title,
        text=text,
        origin=origin,
    )


def do_save_scheduled(
    actor: User,
    item: ScheduledPost | None,
    *,
    source: str,
    data: FormData,
    state: str,
    publish_at: datetime | None,
    group: Group | None,
    kind: str,
    parts: list[str],
    title: str,
    text: str,
    origin: str = "web",
) -> ScheduledPost:
    """Write the draft or scheduled item; emits ``scheduling.post.saved``.

    Only the author hears of it: nothing is published or announced.
    """
    now = timezone.now()
    fields = {
        "source": source,
        "data": data,
        "state": state,
        "publish_at": publish_at,
        "group": group,
        "kind": kind,
        "parts": parts,
        "title": title,
        "text": text,
        "failure_reason": "",
        "attempts": 0,
        "updated_at": now,
    }
    if item is None:
        item = ScheduledPost.objects.create(
            author=actor, origin=origin, created_at=now, **fields
        )
    else:
        for name, value in fields.items():
            setattr(item, name, value)
        item.save(update_fields=[*fields])
    emit_on_commit(
        "scheduling.post.saved",
        {"scheduled_id": item.pk, "state": state, "group_id": item.group_id},
        [actor.pk],
        actor_id=actor.pk,
    )
    return item


def check_cancel_scheduled(actor: User, item: ScheduledPost) -> ScheduledPost:
    """Stop a scheduled item from being published; it stays, as cancelled.

    Raises Forbidden for someone else's item, Conflict when it is not
    scheduled (any more). The claim is conditional, so a job publishing
    it at the same moment wins or loses cleanly.
    """
    if not can_edit_scheduled(actor, item):
        raise Forbidden(pgettext("permission", "Only its author can change it."))
    now = timezone.now()
    claimed = ScheduledPost.objects.filter(pk=item.pk, state=State.SCHEDULED).update(
        state=State.CANCELLED, updated_at=now
    )
    if not claimed:
        raise Conflict(_("It is not scheduled any more."))
    item.refresh_from_db()
    emit_on_commit(
        "scheduling.post.cancelled",
        {"scheduled_id": item.pk},
        [actor.pk],
        actor_id=actor.pk,
    )
    return item


def check_delete_scheduled(actor: User, item: ScheduledPost) -> None:
    """Remove one's draft or scheduled item (a published post stays)."""
    if not can_delete_scheduled(actor, item):
        raise Forbidden(pgettext("permission", "Only its author can change it."))
    do_delete_scheduled(actor, item)


def do_delete_scheduled(actor: User, item: ScheduledPost) -> None:
    """Delete the row; emits ``scheduling.post.deleted``."""
    item_id = item.pk
    item.delete()
    emit_on_commit(
        "scheduling.post.deleted",
        {"scheduled_id": item_id},
        [actor.pk],
        actor_id=actor.pk,
    )


# Publishing ------------------------------------------------------------------------


def check_publish_scheduled_now(actor: User, item: ScheduledPost) -> Post:
    """Publish one's draft or scheduled item now, as the page would.

    Claimed with a conditional update first, so it is never published
    twice even if the job reaches it at the same moment (Conflict then).
    A refusal (InvalidInput, Refused, Forbidden) rolls back with the
    caller's transaction and leaves the item as it was.
    """
    if not can_edit_scheduled(actor, item):
        raise Forbidden(pgettext("permission", "Only its author can change it."))
    now = timezone.now()
    claimed = (
        ScheduledPost.objects.filter(pk=item.pk, state=item.state)
        .exclude(state__in=[State.PUBLISHED, State.PUBLISHING])
        .update(state=State.PUBLISHING, updated_at=now)
    )
    if not claimed:
        raise Conflict(_("It has been published already."))
    schedulable = schedulables.get(item.source)
    if schedulable is None:
        raise InvalidInput(_("This cannot be published any more."), field="source")
    post = _publish_as(actor, schedulable, item.data)
    return do_mark_published(item, post, now)


def do_mark_published(item: ScheduledPost, post: Post, now: datetime) -> Post:
    """Record the published post; emits ``scheduling.post.published``."""
    item.state = State.PUBLISHED
    item.post = post
    item.group = post.group
    item.kind = post.kind
    item.title = post.title[:TITLE_MAX]
    item.text = post.body
    item.published_at = now
    item.updated_at = now
    item.failure_reason = ""
    item.save(
        update_fields=[
            "state",
            "post",
            "group",
            "kind",
            "title",
            "text",
            "published_at",
            "updated_at",
            "failure_reason",
        ]
    )
    emit_on_commit(
        "scheduling.post.published",
        {"scheduled_id": item.pk, "post_id": post.pk},
        [item.author_id],
        actor_id=item.author_id,
    )
    return post


def do_fail_scheduled(item: ScheduledPost, reason: str, now: datetime) -> None:
    """Mark the item failed with ``reason`` and tell its author.

    The author gets a "could not be published" notification (the item is
    theirs alone, so nobody else can be told). Emits
    ``scheduling.post.failed``.
    """
    item.state = State.FAILED
    item.failure_reason = reason[:1000]
    item.updated_at = now
    item.save(update_fields=["state", "failure_reason", "updated_at"])
    do_notify(
        [item.author_id],
        kind="scheduled_failed",
        key=f"scheduled_failed:{item.pk}:{int(now.timestamp())}",
        target=item,
    )
    emit_on_commit(
        "scheduling.post.failed",
        {"scheduled_id": item.pk},
        [item.author_id],
        actor_id=item.author_id,
    )


def _refusal_reason(error: PleinError) -> str:
    return str(error.message)


def do_publish_scheduled(item_id: int, now: datetime | None = None) -> Post | None:
    """Publish one due item as its author; the post, or None.

    The item is claimed (scheduled → publishing) with a conditional update
    inside the same transaction as the publishing, so an overlapping or
    repeated run never publishes it twice, and a run killed before commit
    leaves it scheduled for the next one. A refusal by any check at
    publish time rolls back what was written (a savepoint), marks the item
    failed with the reason and notifies the author. Any other error rolls
    back the whole transaction, claim included, and is raised.
    """
    now = now or timezone.now()
    with transaction.atomic():
        claimed = ScheduledPost.objects.filter(
            pk=item_id, state=State.SCHEDULED, publish_at__lte=now
        ).update(state=State.PUBLISHING, updated_at=now)
        if not claimed:
            return None
        item = ScheduledPost.objects.select_related("author").get(pk=item_id)
        author = item.author
        with _as_author(author):
            schedulable = schedulables.get(item.source)
            if not is_active_person(author):
                do_fail_scheduled(
                    item, _("The author's account is no longer active."), now
                )
                return None
            if schedulable is None:
                do_fail_scheduled(item, _("This cannot be published any more."), now)
                return None
            try:
                with transaction.atomic():
                    post = _publish_as(author, schedulable, item.data)
            except Refused as refused:
                refused.record()
                do_fail_scheduled(item, _refusal_reason(refused), now)
                return None
            except PleinError as error:
                do_fail_scheduled(item, _refusal_reason(error), now)
                return None
            return do_mark_published(item, post, now)


def _count_failed_attempt(item_id: int, now: datetime) -> None:
    """An unexpected error: count it; after MAX_ATTEMPTS the item fails."""
    with transaction.atomic():
        ScheduledPost.objects.filter(pk=item_id, state=State.SCHEDULED).update(
            attempts=F("attempts") + 1
        )
        item = (
            ScheduledPost.objects.filter(
                pk=item_id, state=State.SCHEDULED, attempts__gte=MAX_ATTEMPTS
            )
            .select_related("author")
            .first()
        )
        if item is not None:
            with _as_author(item.author):
                do_fail_scheduled(
                    item, _("Something went wrong while publishing it."), now
                )


def do_publish_due(now: datetime | None = None) -> int:
    """Publish every scheduled item whose time has come; how many were published.

    Oldest first, at most ``DUE_BATCH`` a run (the next minute takes the
    rest). Each item in its own transaction (:func:`do_publish_scheduled`);
    an unexpected error with one item is logged and counted and does not
    stop the others.
    """
    now = now or timezone.now()
    due = list(
        ScheduledPost.objects.filter(state=State.SCHEDULED, publish_at__lte=now)
        .order_by("publish_at", "pk")
        .values_list("pk", flat=True)[:DUE_BATCH]
    )
    published = 0
    for item_id in due:
        try:
            if do_publish_scheduled(item_id, now) is not None:
                published += 1
        except Exception:
            logger.exception("could not publish scheduled post %s", item_id)
            _count_failed_attempt(item_id, now)
    return published
