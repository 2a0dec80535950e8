"""Every change to kudos and to the organisation's values.

``check_*`` validates and authorises through ``plein.access``, then calls
the matching ``do_*``, which mutates and emits events after commit. Giving
a kudos goes through the posts action (``check_publish_post``) with the
kind "kudos", so the guidelines, leak prevention, search, delivery to
feeds and moderation apply as for any post; the kind's hooks
(:func:`clean_kudos`, :func:`do_create_kudos`) add the value, the praised
people and what it is for. Callers run inside a transaction (views and the
API use ``atomic(durable=True)``).

Not a volume game: a giver gives at most ``KUDOS_MAX_PER_PERIOD`` kudos per
``KUDOS_PERIOD_DAYS`` and praises one colleague (or team) at most
``KUDOS_MAX_PER_RECIPIENT`` times in that period; nobody praises
themselves.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F, Q
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from plein.access.groups import can_post_in_group
from plein.access.kudos import can_manage_values, can_receive_kudos
from plein.access.people import is_active_person, is_outsider
from plein.access.roles import GroupKind
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.core.text import clean_text
from plein.engagement.kudos.models import KUDOS, Kudos, KudosRecipient, Value
from plein.groups.models import Group
from plein.knowledge.recognition.actions import do_award_point
from plein.knowledge.recognition.models import Point
from plein.knowledge.wiki.models import Page
from plein.notifications.actions import do_notify
from plein.people.models import User
from plein.posts.actions import check_publish_post
from plein.posts.models import Comment, Post
from plein.posts.publishing import PostDraft
from plein.search.index import index_post

MAX_PEOPLE = 10
NAME_MAX_LENGTH = 80
DESCRIPTION_MAX_LENGTH = 1000


class KudosLimitReached(InvalidInput):
    """A limit per giver and period; shown on the form, 429 in the API."""

    code = "limit_reached"
    status = 429
    default_message = gettext_lazy("You have given enough kudos for now.")


def max_per_period() -> int:
    return max(1, int(settings.KUDOS_MAX_PER_PERIOD))


def max_per_recipient() -> int:
    return max(1, int(settings.KUDOS_MAX_PER_RECIPIENT))


def period_days() -> int:
    return max(1, int(settings.KUDOS_PERIOD_DAYS))


# What a kudos is for -------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What a kudos is for, fetched through ``access_kudos_subject``."""

    kind: str  # "post", "answer" or "page"
    obj: Post | Comment | Page

    @property
    def group(self) -> Group | None:
        """The place of the content: its group, or None for the organisation."""
        if isinstance(self.obj, Comment):
            return self.obj.post.group
        return self.obj.group

    @property
    def author_id(self) -> int:
        if isinstance(self.obj, Page):
            return int(self.obj.owner_id)
        return int(self.obj.author_id)


def parse_subject_url(url: str) -> tuple[str, int]:
    """("post" | "answer" | "page", id) from a link to something in Plein.

    Accepts a post's or question's page, with ``#comment-<id>`` for an
    answer or comment on it, and a wiki page. Raises InvalidInput (field
    "subject_url") for anything else; whether the reader may see it is for
    ``access_kudos_subject`` to answer.
    """
    parts = urlsplit((url or "").strip())
    try:
        match = resolve(parts.path or "/")
    except Resolver404:
        match = None
    if match is not None and match.view_name in ("posts:detail", "qna:detail"):
        if parts.fragment.startswith("comment-") and parts.fragment[8:].isdigit():
            return "answer", int(parts.fragment[8:])
        return "post", int(match.kwargs["post_id"])
    if match is not None and match.view_name == "wiki:page":
        return "page", int(match.kwargs["page_id"])
    raise InvalidInput(
        _("Paste the link of a post, an answer or a wiki page."), field="subject_url"
    )


# Giving kudos ----------------------------------------------------------------------


@dataclass
class KudosData:
    """The kind's part of a kudos draft (``PostDraft.kind_data["kudos"]``)."""

    value: Value
    people: list[User] = field(default_factory=list)
    team: Group | None = None
    subject: Subject | None = None


def check_give_kudos(
    actor: User,
    *,
    value: Value,
    message: str,
    people: Sequence[User] = (),
    team: Group | None = None,
    group: Group | None = None,
    subject: Subject | None = None,
    language: str | None = None,
    justification: str = "",
    source: str = "web",
) -> Post:
    """Praise colleagues (``people``, from ``access_person``) or a ``team``.

    ``value`` comes from ``access_value``, ``team`` and ``group`` (where the
    kudos is shared; None: the whole organisation) from ``access_group``,
    ``subject`` from ``access_kudos_subject``. A kudos for something is
    shared where that thing is, whatever ``group`` says. Published like
    any post (guidelines, leak prevention), which may refuse it or hold it
    for review. Raises InvalidInput naming the field ("value_id",
    "recipient_ids", "team_id", "subject", "body"), KudosLimitReached when a
    limit is reached, Forbidden when the actor may not post there.
    """
    if not is_active_person(actor):
        raise Forbidden()
    return check_publish_post(
        actor,
        PostDraft(
            body=message,
            group=group,
            language=language,
            kind=KUDOS,
            # The praised find it in their feed; everyone else as for any
            # post in its place (the audience does not restrict it).
            audience=[*people, *_team_members(team)],
            restrict_to_audience=False,
            kind_data={
                "kudos": KudosData(
                    value=value, people=list(people), team=team, subject=subject
                )
            },
            justification=justification,
            source=source,
        ),
    )


def _team_members(team: Group | None) -> list[User]:
    if team is None:
        return []
    return list(User.objects.filter(memberships__group=team, is_active=True))


def _kudos_data(draft: PostDraft) -> KudosData:
    data = draft.kind_data.get("kudos")
    if not isinstance(data, KudosData):
        # A kudos is given through check_give_kudos only (not the composer's
        # kind field), which always brings its part.
        raise InvalidInput(_("Choose a value."), field="value_id")
    return data


def clean_kudos(actor: User, draft: PostDraft) -> None:
    """The kudos kind's rules, before anything is written.

    Also places the draft where its subject is. Locks the giver's row, so
    two kudos given at once cannot both pass the limits.
    """
    if draft.title:
        raise InvalidInput(_("A kudos has no title."), field="title")
    data = _kudos_data(draft)
    # Read again: the value may have been retired since it was fetched.
    if not Value.objects.filter(pk=data.value.pk, is_active=True).exists():
        raise InvalidInput(
            _("This value is retired: choose another one."), field="value_id"
        )
    _check_subject(actor, draft, data)
    if draft.group is None and is_outsider(actor):
        # The organisation's kudos are for colleagues, which guests are not.
        raise InvalidInput(_("Share it in one of your groups."), field="group_id")
    _check_recipients(actor, draft, data)
    _check_limits(actor, data)


def _check_subject(actor: User, draft: PostDraft, data: KudosData) -> None:
    if data.subject is None:
        return
    obj = data.subject.obj
    post = obj.post if isinstance(obj, Comment) else obj
    if isinstance(post, Post) and post.is_restricted:
        # Addressed to named readers only: there is no place to share it.
        raise InvalidInput(
            _("Kudos cannot be given for a post addressed to named people."),
            field="subject",
        )
    place = data.subject.group
    if place is not None and not can_post_in_group(actor, place):
        raise InvalidInput(
            _("Join %(group)s to give kudos for something shared there.")
            % {"group": place.name},
            field="subject",
        )
    # Shared where the content is: only its readers see the kudos.
    draft.group = place


def _check_recipients(actor: User, draft: PostDraft, data: KudosData) -> None:
    if not data.people and data.team is None:
        raise InvalidInput(_("Choose whom the kudos is for."), field="recipient_ids")
    if len(data.people) > MAX_PEOPLE:
        raise InvalidInput(
            _("A kudos praises at most %(count)d people.") % {"count": MAX_PEOPLE},
            field="recipient_ids",
        )
    if any(person.pk == actor.pk for person in data.people):
        raise InvalidInput(
            pgettext("kudos", "You cannot give kudos to yourself."),
            field="recipient_ids",
        )
    for person in data.people:
        if not can_receive_kudos(person, draft.group):
            raise InvalidInput(
                _("%(name)s cannot read kudos shared there.")
                % {"name": person.full_name},
                field="recipient_ids",
            )
    team = data.team
    if team is not None and team.kind == GroupKind.SECRET and team != draft.group:
        # A secret group's name is for its members only.
        raise InvalidInput(
            _("Kudos for a secret group are shared in that group."), field="team_id"
        )


def _since() -> Any:
    return timezone.now() - timedelta(days=period_days())


def _check_limits(actor: User, data: KudosData) -> None:
    # The giver's row serialises their kudos (PostgreSQL; SQLite writes one
    # at a time anyway), so the counts below cannot be raced.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    given = Kudos.objects.filter(giver_id=actor.pk, created_at__gte=_since())
    if given.count() >= max_per_period():
        raise KudosLimitReached(
            _(
                "You have given %(count)d kudos in the last %(days)d days: "
                "that is the most for now."
            )
            % {"count": max_per_period(), "days": period_days()},
            field="recipient_ids",
        )
    limit = max_per_recipient()
    for person in data.people:
        if (
            KudosRecipient.objects.filter(kudos__in=given, person_id=person.pk).count()
            >= limit
        ):
            raise KudosLimitReached(
                _(
                    "You have already praised %(name)s %(count)d times in the "
                    "last %(days)d days."
                )
                % {"name": person.full_name, "count": limit, "days": period_days()},
                field="recipient_ids",
            )
    if data.team is not None and given.filter(team=data.team).count() >= limit:
        raise KudosLimitReached(
            _(
                "You have already praised this team %(count)d times in the last %(days)d days."
            )
            % {"count": limit, "days": period_days()},
            field="team_id",
        )


def do_create_kudos(post: Post, draft: PostDraft) -> None:
    """Write the kudos next to its new post; notify and credit the praised.

    The kudos kind's ``created`` hook: runs in the post's transaction,
    after :func:`clean_kudos`. Each praised colleague earns recognition
    points (a team as a whole earns none: praise of a large team is not a
    score for each member) and is notified, as are the team's members,
    if they may read the post. Emits ``kudos.kudos.given``.
    """
    data = _kudos_data(draft)
    subject = data.subject
    kudos = Kudos.objects.create(
        post=post,
        value=data.value,
        team=data.team,
        giver_id=post.author_id,
        created_at=post.created_at,
        subject_post=subject.obj
        if subject is not None and isinstance(subject.obj, Post)
        else None,
        subject_comment=subject.obj
        if subject is not None and isinstance(subject.obj, Comment)
        else None,
        subject_page=subject.obj
        if subject is not None and isinstance(subject.obj, Page)
        else None,
    )
    KudosRecipient.objects.bulk_create(
        [KudosRecipient(kudos=kudos, person=person) for person in data.people]
    )
    person_ids = [person.pk for person in data.people]
    for person_id in person_ids:
        do_award_point(
            person_id=person_id,
            giver_id=post.author_id,
            kind=Point.Kind.KUDOS,
            source_key=f"kudos:{post.pk}:{person_id}",
            target_kind="post",
            target_id=post.pk,
            at=post.created_at,
        )
    told = set(person_ids)
    if data.team is not None:
        told |= set(data.team.memberships.values_list("user_id", flat=True))
    # do_notify leaves out the giver and whoever may not read the post
    # (a withheld kudos reaches nobody until it is released).
    do_notify(
        sorted(told),
        kind="kudos_received",
        key=f"kudos:{post.pk}",
        actor_id=post.author_id,
        post=post,
        target=kudos,
    )
    emit_on_commit(
        "kudos.kudos.given",
        {
            "post_id": post.pk,
            "value_id": data.value.pk,
            "group_id": post.group_id,
            "team_id": data.team.pk if data.team is not None else None,
            "recipient_ids": person_ids,
        },
        [post.author_id, *person_ids],
        actor_id=post.author_id,
    )


def do_sync_kudos_place(page_ids: list[int] | None = None) -> int:
    """Move kudos about wiki pages to where those pages are now.

    After a page moved to another wiki (a secret group's, say), its kudos
    follow it, so the feed, the group page and search show them only to
    the page's readers. ``page_ids`` limits the work; returns how many
    kudos moved. Expects the caller's transaction. Emits
    ``kudos.kudos.moved`` per kudos moved.
    """
    stale = Kudos.objects.filter(subject_page__isnull=False).exclude(
        Q(post__group_id=F("subject_page__group_id"))
        | Q(post__group__isnull=True, subject_page__group__isnull=True)
    )
    if page_ids is not None:
        stale = stale.filter(subject_page_id__in=page_ids)
    moved = 0
    for kudos in stale.select_related("post", "subject_page"):
        post = kudos.post
        group_id = kudos.subject_page.group_id if kudos.subject_page else None
        Post.objects.filter(pk=post.pk).update(group_id=group_id)
        post.refresh_from_db(fields=["group"])
        index_post(post)
        emit_on_commit(
            "kudos.kudos.moved",
            {"post_id": post.pk, "group_id": group_id},
            [post.author_id],
        )
        moved += 1
    return moved


# The organisation's values ------------------------------------------------------


def _clean_value_fields(
    *,
    name_nl: str,
    name_en: str,
    description_nl: str,
    description_en: str,
    exclude_pk: int | None = None,
) -> dict[str, str]:
    cleaned = {
        "name_nl": clean_text(
            name_nl, field="name_nl", max_length=NAME_MAX_LENGTH, required=True
        ),
        "name_en": clean_text(
            name_en, field="name_en", max_length=NAME_MAX_LENGTH, required=True
        ),
        "description_nl": clean_text(
            description_nl,
            field="description_nl",
            max_length=DESCRIPTION_MAX_LENGTH,
            required=False,
        ),
        "description_en": clean_text(
            description_en,
            field="description_en",
            max_length=DESCRIPTION_MAX_LENGTH,
            required=False,
        ),
    }
    for name in ("name_nl", "name_en"):
        if "\n" in cleaned[name]:
            raise InvalidInput(_("A name is one line."), field=name)
        taken = Value.objects.filter(**{f"{name}__iexact": cleaned[name]})
        if exclude_pk is not None:
            taken = taken.exclude(pk=exclude_pk)
        if taken.exists():
            raise InvalidInput(
                _("There is already a value with this name."), field=name
            )
    return cleaned


def check_create_value(
    actor: User,
    *,
    name_nl: str,
    name_en: str,
    description_nl: str = "",
    description_en: str = "",
    order: int | None = None,
) -> Value:
    """Add a value (organisation admins only); it is active at once.

    Without ``order`` it goes last. Raises Forbidden for anyone else,
    InvalidInput naming the field for an empty, too long or taken name.
    Emits ``kudos.value.created``.
    """
    if not can_manage_values(actor):
        raise Forbidden()
    cleaned = _clean_value_fields(
        name_nl=name_nl,
        name_en=name_en,
        description_nl=description_nl,
        description_en=description_en,
    )
    if order is None:
        last = Value.objects.order_by("-order").values_list("order", flat=True).first()
        order = (last or 0) + 1
    value = Value.objects.create(**cleaned, order=max(0, order))
    emit_on_commit(
        "kudos.value.created", {"value_id": value.pk}, [actor.pk], actor_id=actor.pk
    )
    return value


def check_update_value(
    actor: User,
    value: Value,
    *,
    name_nl: str | None = None,
    name_en: str | None = None,
    description_nl: str | None = None,
    description_en: str | None = None,
    order: int | None = None,
    is_active: bool | None = None,
) -> Value:
    """Change a value (``value`` from ``access_value(for_admin=True)``).

    Fields left None stay as they are. Retiring a value (``is_active``
    False) keeps it on the kudos that named it. Emits
    ``kudos.value.updated`` when something changed.
    """
    if not can_manage_values(actor):
        raise Forbidden()
    value = Value.objects.select_for_update().get(pk=value.pk)
    cleaned = _clean_value_fields(
        name_nl=value.name_nl if name_nl is None else name_nl,
        name_en=value.name_en if name_en is None else name_en,
        description_nl=value.description_nl
        if description_nl is None
        else description_nl,
        description_en=value.description_en
        if description_en is None
        else description_en,
        exclude_pk=value.pk,
    )
    changes: dict[str, Any] = dict(cleaned)
    if order is not None:
        changes["order"] = max(0, order)
    if is_active is not None:
        changes["is_active"] = is_active
    changed = [name for name, new in changes.items() if getattr(value, name) != new]
    if not changed:
        return value
    for name in changed:
        setattr(value, name, changes[name])
    value.updated_at = timezone.now()
    value.save(update_fields=[*changed, "updated_at"])
    emit_on_commit(
        "kudos.value.updated",
        {"value_id": value.pk, "fields": sorted(changed)},
        [actor.pk],
        actor_id=actor.pk,
    )
    return value
