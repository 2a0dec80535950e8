"""Triage of mentions: state, assignee, notes, and discussing one internally.

Communications (``can_triage_mentions``) move a mention through its states
(``ALLOWED``), assign it to one of them, write notes on it and turn it into
a post in a group ("Discuss internally"), which is published like any post
(``check_publish_post``: membership, guidelines, leak prevention, required
readers). Every change is kept (``TriageChange``) and emits an event, which
the live log turns into a refresh of the open triage pages
(``handlers.py``).
"""

from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.groups import can_post_in_group
from plein.access.listening import (
    assignable_people,
    can_be_assigned_mentions,
    can_edit_mention_note,
    can_triage_mentions,
)
from plein.core.errors import Forbidden, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.text import clean_text
from plein.groups.models import Group
from plein.listening.mentions.models import Mention
from plein.listening.triage.models import (
    NOTE_MAX_LENGTH,
    MentionDiscussion,
    MentionNote,
    Triage,
    TriageChange,
    TriageState,
)
from plein.notifications.actions import do_notify
from plein.people.models import User
from plein.posts.actions import check_publish_post
from plein.posts.models import Post
from plein.posts.publishing import PostDraft

OPEN_STATES = frozenset(
    {TriageState.NEW, TriageState.ASSIGNED, TriageState.NEEDS_RESPONSE}
)
CLOSED_STATES = frozenset({TriageState.RESPONDED, TriageState.IGNORED})
# From each state, where a mention may go. An open mention may go anywhere;
# a responded or ignored one is reopened (to new, assigned or needs
# response) before it can be closed the other way.
ALLOWED: dict[str, frozenset[str]] = {
    state: frozenset(TriageState.values) - {state}
    if state in OPEN_STATES
    else frozenset(OPEN_STATES)
    for state in TriageState.values
}


class _Unset:
    """No assignee given: the assignee stays as it is."""


UNSET = _Unset()


def resolve_assignee(value: object) -> User | None:
    """The person an assignee value (an id; "" or None for nobody) names.

    Only communications are found (``assignable_people``); anyone else, a
    missing id and a malformed one answer alike, on "assignee".
    """
    if value in (None, ""):
        return None
    try:
        pk = int(str(value))
    except ValueError:
        pk = 0
    person = assignable_people().filter(pk=pk).first() if 0 < pk < 2**62 else None
    if person is None:
        raise InvalidInput(
            _("Only communications can be assigned a mention."), field="assignee"
        )
    return person


def do_lock_triage(mention: Mention) -> Triage:
    """The mention's triage row, locked for the caller's transaction.

    A mention without a row (found before triage existed, or taken in while
    it was off) is new: its row is written now. Insert-if-absent then lock,
    safe against two people acting on the same new mention at once.
    """
    Triage.objects.bulk_create([Triage(mention=mention)], ignore_conflicts=True)
    return Triage.objects.select_for_update().get(pk=mention.pk)


def check_change_triage(
    actor: User,
    mention: Mention,
    *,
    state: str | None = None,
    assignee: "User | _Unset | None" = UNSET,
) -> Triage:
    """Communications change a mention's state and/or assignee.

    ``mention`` comes from ``access_mention``. ``state`` None keeps the
    state; ``assignee`` UNSET keeps the assignee, None takes it away.
    Assigning a new mention makes it "assigned", and taking the assignee
    of an "assigned" one away makes it new again; a new mention has no
    assignee. Raises NotFound for anyone but communications, InvalidInput
    on "state" (unknown, or a move ``ALLOWED`` does not have) and on
    "assignee" (not communications, or missing for "assigned"). Runs in
    the caller's transaction; a change that changes nothing writes nothing.
    """
    if not can_triage_mentions(actor):
        raise NotFound()
    if state is not None and state not in TriageState.values:
        raise InvalidInput(_("Choose one of the triage states."), field="state")
    if isinstance(assignee, User) and not can_be_assigned_mentions(assignee):
        raise InvalidInput(
            _("Only communications can be assigned a mention."), field="assignee"
        )
    triage = do_lock_triage(mention)
    given = not isinstance(assignee, _Unset)
    assignee_id = (
        (assignee.pk if isinstance(assignee, User) else None)
        if given
        else triage.assignee_id
    )
    new_state = state
    if new_state is None:
        new_state = triage.state
        if given and assignee_id is not None and triage.state == TriageState.NEW:
            new_state = TriageState.ASSIGNED
        elif given and assignee_id is None and triage.state == TriageState.ASSIGNED:
            new_state = TriageState.NEW
    if new_state == TriageState.NEW and assignee_id is not None:
        if given and state is not None:
            raise InvalidInput(
                _("A new mention is assigned to nobody yet: choose “Assigned”."),
                field="assignee",
            )
        assignee_id = None
    if new_state == TriageState.ASSIGNED and assignee_id is None:
        raise InvalidInput(_("Choose whom to assign it to."), field="assignee")
    if new_state != triage.state and new_state not in ALLOWED[triage.state]:
        raise InvalidInput(
            _("Reopen the mention first: it was responded to or ignored."),
            field="state",
        )
    if new_state == triage.state and assignee_id == triage.assignee_id:
        return triage
    return do_change_triage(actor, triage, state=new_state, assignee_id=assignee_id)


def do_change_triage(
    actor: User | None, triage: Triage, *, state: str, assignee_id: int | None
) -> Triage:
    """Write the new state and assignee, and keep the change in the history.

    ``triage`` is locked (``do_lock_triage``). Emits
    ``triage.mention.changed`` with the mention, the states and the new
    assignee (``assigned`` when the assignee changed to someone), which
    notifies the new assignee and refreshes open triage pages.
    """
    now = timezone.now()
    change = TriageChange.objects.create(
        mention_id=triage.pk,
        from_state=triage.state,
        to_state=state,
        from_assignee_id=triage.assignee_id,
        to_assignee_id=assignee_id,
        changed_by=actor,
        changed_at=now,
    )
    assigned = assignee_id is not None and assignee_id != triage.assignee_id
    triage.state = state
    triage.assignee_id = assignee_id
    triage.changed_by = actor
    triage.changed_at = now
    triage.save(update_fields=["state", "assignee", "changed_by", "changed_at"])
    emit_on_commit(
        "triage.mention.changed",
        {
            "mention_id": triage.pk,
            "change_id": change.pk,
            "from_state": change.from_state,
            "to_state": state,
            "assignee_id": assignee_id,
            "assigned": assigned,
        },
        [actor.pk] if actor is not None else [],
        actor_id=actor.pk if actor is not None else None,
    )
    return triage


# Notes -----------------------------------------------------------------------


def _clean_note(text: str | None) -> str:
    return clean_text(text, field="text", max_length=NOTE_MAX_LENGTH, required=True)


def check_add_note(actor: User, mention: Mention, text: str | None) -> MentionNote:
    """Communications write a note on a mention (``access_mention`` first).

    Raises NotFound for anyone else and InvalidInput on "text" (empty, or
    longer than ``NOTE_MAX_LENGTH``). Emits ``triage.note.added``.
    """
    if not can_triage_mentions(actor):
        raise NotFound()
    note = MentionNote.objects.create(
        mention=mention, author=actor, text=_clean_note(text)
    )
    emit_on_commit(
        "triage.note.added",
        {"mention_id": mention.pk, "note_id": note.pk},
        [actor.pk],
        actor_id=actor.pk,
    )
    return note


def _check_own_note(actor: User, note: MentionNote) -> None:
    if not can_triage_mentions(actor):
        raise NotFound()
    if not can_edit_mention_note(actor, note):
        raise Forbidden(
            pgettext("permission", "Only the author can change or delete a note.")
        )


def check_edit_note(actor: User, note: MentionNote, text: str | None) -> MentionNote:
    """The author changes their note (``access_mention_note(for_edit=True)``).

    Raises Forbidden for someone else's note and InvalidInput on "text".
    Emits ``triage.note.edited``.
    """
    _check_own_note(actor, note)
    note.text = _clean_note(text)
    note.edited_at = timezone.now()
    note.save(update_fields=["text", "edited_at"])
    emit_on_commit(
        "triage.note.edited",
        {"mention_id": note.mention_id, "note_id": note.pk},
        [actor.pk],
        actor_id=actor.pk,
    )
    return note


def check_delete_note(actor: User, note: MentionNote) -> None:
    """The author deletes their note. Raises Forbidden for someone else's.

    Emits ``triage.note.deleted``.
    """
    _check_own_note(actor, note)
    mention_id, note_id = note.mention_id, note.pk
    note.delete()
    emit_on_commit(
        "triage.note.deleted",
        {"mention_id": mention_id, "note_id": note_id},
        [actor.pk],
        actor_id=actor.pk,
    )


# Discuss internally ------------------------------------------------------------

# An invisible word joiner after "@" and "#" keeps a quoted text from
# mentioning colleagues or adding hashtags (plein.core.markdown).
WORD_JOINER = "\u2060"
MARKDOWN_SPECIALS = "\\`*_[]<>|~"


def _quote_text(text: str) -> str:
    escaped = "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in text)
    return escaped.replace("@", "@" + WORD_JOINER).replace("#", "#" + WORD_JOINER)


def build_discussion_text(mention: Mention) -> tuple[str, str]:
    """The title and Markdown body a discussion of ``mention`` starts with.

    The title is the mention's; the body quotes its title (linked to the
    outside page) and excerpt, then gives the address and asks the
    question, in the reader's language (the active one).
    """
    title = (mention.title or mention.url)[: settings.TITLE_MAX_LENGTH]
    link_text = _quote_text(mention.title or mention.url)
    lines = [f"> **[{link_text}](<{mention.url}>)**"]
    if mention.excerpt:
        lines += [">", f"> {_quote_text(mention.excerpt)}"]
    lines += [
        "",
        _("Found outside: %(url)s") % {"url": f"<{mention.url}>"},
        "",
        _("Should we respond to this?"),
    ]
    return title, "\n".join(lines)


def check_discuss_mention(
    actor: User,
    mention: Mention,
    *,
    group: Group | None,
    body: str,
    title: str = "",
    required_readers: "Sequence[User | int]" = (),
    justification: str = "",
    source: str = "web",
) -> Post:
    """Communications turn a mention into a post in a group they are in.

    ``mention`` from ``access_mention``, ``group`` from ``access_group``.
    The post is published like any other (``check_publish_post``: the
    group's rules, guidelines, leak prevention; it may be held for
    review), with ``required_readers`` named through the announcements
    part (each must be able to see the post). The mention remembers the
    post, and a new mention becomes assigned to the actor. Raises NotFound
    for anyone but communications, InvalidInput on "group_id" (none, or one
    the actor may not post in), "body", "title", "required_readers" and a
    publish check's refusal. Runs in the caller's transaction.
    """
    if not can_triage_mentions(actor):
        raise NotFound()
    if group is None:
        raise InvalidInput(_("Choose a group to discuss it in."), field="group_id")
    if not can_post_in_group(actor, group):
        raise InvalidInput(
            _("You can discuss it only in a group you are a member of."),
            field="group_id",
        )
    parts = {}
    if required_readers:
        parts["required_readers"] = {"people": list(required_readers)}
    post = check_publish_post(
        actor,
        PostDraft(
            body=body,
            title=title,
            group=group,
            parts=parts,
            justification=justification,
            source=source,
        ),
    )
    do_record_discussion(actor, mention, post)
    return post


def do_record_discussion(actor: User, mention: Mention, post: Post) -> None:
    """The mention remembers ``post``; a new mention is assigned to ``actor``.

    A mention further along keeps its state and assignee: discussing is
    part of working on it, not a decision. Emits ``triage.mention.discussed``.
    """
    MentionDiscussion.objects.create(mention=mention, post=post, started_by=actor)
    triage = do_lock_triage(mention)
    if triage.state == TriageState.NEW:
        do_change_triage(
            actor, triage, state=TriageState.ASSIGNED, assignee_id=actor.pk
        )
    emit_on_commit(
        "triage.mention.discussed",
        {"mention_id": mention.pk, "post_id": post.pk},
        [actor.pk],
        actor_id=actor.pk,
    )


def do_open_triage(mention_ids: list[int]) -> None:
    """Give newly found mentions their triage row, state new (idempotent)."""
    Triage.objects.bulk_create(
        [Triage(mention_id=pk) for pk in mention_ids],
        ignore_conflicts=True,
        batch_size=500,
    )


def do_notify_assignee(change_id: int) -> int:
    """Notify the person a triage change assigned the mention to.

    Nothing when the change is gone, assigned nobody, or the assignee is no
    longer communications; the actor is never told about their own change,
    and the key (the change) makes a second run harmless.
    """
    change = (
        TriageChange.objects.select_related("to_assignee").filter(pk=change_id).first()
    )
    if change is None or change.to_assignee is None:
        return 0
    if not can_be_assigned_mentions(change.to_assignee):
        return 0
    target = Triage.objects.select_related("mention").filter(pk=change.mention_id)
    triage = target.first()
    if triage is None:
        return 0
    return do_notify(
        [change.to_assignee.pk],
        kind="triage_assigned",
        key=f"triage_assigned:{change.pk}",
        actor_id=change.changed_by_id,
        target=triage,
    )
