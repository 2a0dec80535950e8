"""Every change to people: accounts, profiles, follows and API tokens."""

import functools
import hashlib
import re
import secrets
import zoneinfo
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import can_manage_people, is_active_person
from plein.access.roles import Role
from plein.core.db import aware_utc
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.people.models import ApiToken, Department, Follow, Invitation, Skill, User

TOKEN_PREFIX = "plein_"  # noqa: S105 - a marker, not a secret
# Handles live in /people/<handle>/ beside these pages of the people app.
RESERVED_HANDLES = frozenset(
    {"org-chart", "manage", "new", "me", "settings", "admin", "api", "search"}
)


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("Enter a valid e-mail address."), field="email") from None
    return email


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Enter a name."), field="full_name")
    if len(name) > 150:
        raise InvalidInput(_("A name is at most 150 characters."), field="full_name")
    return name


def build_handle(email: str, full_name: str) -> str:
    """A free @handle derived from the e-mail address's local part."""
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@")[0].lower()).strip("._-")[:56]
    base = base or slugify(full_name)[:56] or "person"
    handle, n = base, 2
    while handle in RESERVED_HANDLES or User.objects.filter(handle=handle).exists():
        handle, n = f"{base}{n}", n + 1
    return handle


def do_create_person(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    role: str = Role.MEMBER,
    **profile: Any,
) -> User:
    """Create an account; an unusable password when none is given."""
    email = _clean_email(email)
    full_name = _clean_name(full_name)
    if User.objects.filter(email=email).exists():
        raise InvalidInput(
            _("Someone with this e-mail address already exists."), field="email"
        )
    skills = profile.pop("skills", None)
    user = User.objects.create_user(
        email,
        password,
        full_name=full_name,
        handle=profile.pop("handle", None) or build_handle(email, full_name),
        role=role,
        **profile,
    )
    if skills:
        do_set_skills(user, skills)
    emit_on_commit(
        "people.person.created", {"user_id": user.pk, "role": role}, [user.pk]
    )
    return user


def check_invite_person(actor: User, *, email: str, full_name: str) -> Invitation:
    """Invite a colleague by e-mail (organisation admins only)."""
    if not can_manage_people(actor):
        raise Forbidden(
            pgettext("permission", "Only administrators can invite people.")
        )
    email = _clean_email(email)
    full_name = _clean_name(full_name)
    if User.objects.filter(email=email).exists():
        raise InvalidInput(
            _("Someone with this e-mail address already exists."), field="email"
        )
    invitation = Invitation.objects.filter(
        email=email, accepted_at__isnull=True
    ).first()
    if invitation is None:
        invitation = Invitation.objects.create(
            email=email, full_name=full_name, invited_by=actor
        )
        emit_on_commit(
            "people.invitation.created",
            {"invitation_id": invitation.pk},
            [actor.pk],
            actor_id=actor.pk,
        )
    from plein.people.tasks import send_invitation

    enqueue_on_commit(send_invitation, invitation_id=invitation.pk)
    return invitation


def check_accept_invitation(
    invitation: Invitation, *, password: str, full_name: str | None = None
) -> User:
    """Turn an invitation into an account with the chosen password."""
    if invitation.accepted_at is not None:
        raise InvalidInput(_("This invitation has already been used."), field="token")
    name = _clean_name(full_name or invitation.full_name)
    probe = User(email=invitation.email, full_name=name)
    try:
        validate_password(password, probe)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from None
    user = do_create_person(email=invitation.email, full_name=name, password=password)
    invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    emit_on_commit(
        "people.invitation.accepted",
        {"invitation_id": invitation.pk, "user_id": user.pk},
        [user.pk],
        actor_id=user.pk,
    )
    return user


def check_deactivate_person(actor: User, person: User) -> User:
    """Deactivate an account: no log-in, no tokens, sessions ended."""
    if not can_manage_people(actor):
        raise Forbidden(
            pgettext("permission", "Only administrators can deactivate people.")
        )
    if person.pk == actor.pk:
        raise InvalidInput(_("You cannot deactivate yourself."), field="user_id")
    return do_deactivate_person(person)


def do_deactivate_person(person: User) -> User:
    person.is_active = False
    person.deactivated_at = timezone.now()
    person.save(update_fields=["is_active", "deactivated_at"])
    ApiToken.objects.filter(user=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    do_end_sessions(person)
    emit_on_commit("people.person.deactivated", {"user_id": person.pk}, [person.pk])
    return person


def check_reactivate_person(actor: User, person: User) -> User:
    if not can_manage_people(actor):
        raise Forbidden(
            pgettext("permission", "Only administrators can reactivate people.")
        )
    person.is_active = True
    person.deactivated_at = None
    person.save(update_fields=["is_active", "deactivated_at"])
    emit_on_commit(
        "people.person.reactivated",
        {"user_id": person.pk},
        [person.pk],
        actor_id=actor.pk,
    )
    return person


def do_end_sessions(person: User, *, keep_session_key: str | None = None) -> int:
    """End every session of a person (sessions are stored in the database).

    ``keep_session_key`` spares one session: the browser that asked.
    """
    ended = 0
    sessions = Session.objects.filter(expire_date__gt=timezone.now())
    if keep_session_key:
        sessions = sessions.exclude(session_key=keep_session_key)
    for session in sessions.iterator(chunk_size=500):
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            session.delete()
            ended += 1
    return ended


PROFILE_FIELDS = {
    "full_name",
    "job_title",
    "department_id",
    "location",
    "manager_id",
    "phone",
    "bio",
    "spoken_languages",
    "language",
    "timezone",
    "shows_read_state",
}
PROFILE_LIMITS = {
    "job_title": 120,
    "location": 120,
    "phone": 40,
    "bio": 1000,
    "spoken_languages": 200,
}


def check_update_profile(actor: User, person: User, **changes: Any) -> User:
    """Update profile fields; people edit their own, admins anyone's."""
    if person.pk != actor.pk and not can_manage_people(actor):
        raise Forbidden(pgettext("permission", "You can only edit your own profile."))
    unknown = set(changes) - PROFILE_FIELDS - {"skills"}
    if unknown:
        raise InvalidInput(_("Unknown field."), field=sorted(unknown)[0])
    skills = changes.pop("skills", None)
    for field, value in changes.items():
        changes[field] = _clean_profile_value(person, field, value)
    for field, value in changes.items():
        setattr(person, field, value)
    if changes:
        person.save(update_fields=list(changes))
    if skills is not None:
        do_set_skills(person, skills)
    if changes or skills is not None:
        # Field names only: the values are personal data.
        fields = sorted([*changes, *(["skills"] if skills is not None else [])])
        emit_on_commit(
            "people.person.profile_edited",
            {"user_id": person.pk, "fields": fields},
            [person.pk],
            actor_id=actor.pk,
        )
    return person


def _clean_profile_value(person: User, field: str, value: Any) -> Any:
    if field == "full_name":
        return _clean_name(value)
    if field in PROFILE_LIMITS:
        value = (value or "").strip()
        if len(value) > PROFILE_LIMITS[field]:
            raise InvalidInput(
                _("At most %(limit)d characters.") % {"limit": PROFILE_LIMITS[field]},
                field=field,
            )
        return value
    if field == "language":
        if value not in User.Language.values:
            raise InvalidInput(_("Choose Dutch (nl) or English (en)."), field=field)
        return value
    if field == "shows_read_state":
        return bool(value)
    if field == "timezone":
        if value not in zoneinfo.available_timezones():
            raise InvalidInput(_("Unknown time zone."), field=field)
        return value
    if field == "department_id":
        if value is not None and not Department.objects.filter(pk=value).exists():
            raise InvalidInput(_("Unknown department."), field=field)
        return value
    if field == "manager_id":
        if value is None:
            return None
        if value == person.pk:
            raise InvalidInput(_("Nobody is their own manager."), field=field)
        if not User.objects.filter(pk=value, is_active=True).exists():
            raise InvalidInput(_("Unknown person."), field=field)
        if _would_loop(person.pk, value):
            raise InvalidInput(
                _("This would make a loop in the organisation chart."), field=field
            )
        return value
    return value


def check_set_digest_frequency(user: User, frequency: str) -> User:
    """Set how often ``user`` gets the summary e-mail (off, daily or weekly).

    Raises InvalidInput (field "digest_frequency") for an unknown frequency.
    """
    if frequency not in User.DigestFrequency.values:
        raise InvalidInput(_("Unknown digest frequency."), field="digest_frequency")
    if user.digest_frequency != frequency:
        user.digest_frequency = frequency
        user.save(update_fields=["digest_frequency"])
    return user


def _would_loop(person_id: int, manager_id: int) -> bool:
    seen: set[int] = set()
    current: int | None = manager_id
    while current is not None and current not in seen:
        if current == person_id:
            return True
        seen.add(current)
        current = (
            User.objects.filter(pk=current).values_list("manager_id", flat=True).first()
        )
    return False


def check_set_profile_photo(actor: User, person: User, photo: Any | None) -> User:
    """Store a new profile photo (already validated as an image), or remove it with None."""
    if person.pk != actor.pk and not can_manage_people(actor):
        raise Forbidden(pgettext("permission", "You can only edit your own profile."))
    if photo is not None:
        person.photo.save(photo.name, photo, save=False)
    elif person.photo:
        person.photo.delete(save=False)
    else:
        return person
    person.save(update_fields=["photo"])
    emit_on_commit(
        "people.person.profile_edited",
        {"user_id": person.pk, "fields": ["photo"]},
        [person.pk],
        actor_id=actor.pk,
    )
    return person


def do_set_skills(person: User, names: list[str]) -> None:
    cleaned = []
    for raw in names:
        name = " ".join(str(raw).split())[:80]
        if name and slugify(name):
            cleaned.append(name)
    skills = []
    for name in dict.fromkeys(cleaned):
        skill, _created = Skill.objects.get_or_create(
            slug=slugify(name)[:80], defaults={"name": name}
        )
        skills.append(skill)
    person.skills.set(skills)


def check_follow_person(actor: User, person: User) -> Follow:
    """Follow a colleague (idempotent); they are told and their posts come in."""
    if not is_active_person(actor):
        raise Forbidden()
    if person.pk == actor.pk:
        raise InvalidInput(_("You cannot follow yourself."), field="user_id")
    if not person.is_active:
        raise InvalidInput(_("This person's account is deactivated."), field="user_id")
    try:
        with transaction.atomic():
            follow = Follow.objects.create(follower=actor, followed=person)
    except IntegrityError:
        return Follow.objects.get(follower=actor, followed=person)
    emit_on_commit(
        "people.follow.created",
        {"follow_id": follow.pk, "user_id": person.pk},
        [person.pk],
        actor_id=actor.pk,
    )
    return follow


def do_unfollow_person(actor: User, person: User) -> None:
    deleted, _detail = Follow.objects.filter(follower=actor, followed=person).delete()
    if deleted:
        emit_on_commit(
            "people.follow.deleted",
            {"user_id": person.pk},
            [person.pk],
            actor_id=actor.pk,
        )


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def do_create_api_token(user: User, *, name: str = "API") -> tuple[ApiToken, str]:
    """Create a personal access token; the raw token is returned once only."""
    name = (name or "").strip()[:100] or "API"
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, digest=_digest(raw), prefix=raw[:12]
    )
    emit_on_commit(
        "people.api_token.created",
        {"api_token_id": token.pk, "user_id": user.pk},
        [user.pk],
        actor_id=user.pk,
    )
    return token, raw


def do_revoke_api_token(user: User, token_id: int) -> bool:
    revoked = bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )
    if revoked:
        emit_on_commit(
            "people.api_token.revoked",
            {"api_token_id": token_id, "user_id": user.pk},
            [user.pk],
        )
    return revoked


@functools.cache
def _user_by_digest_sql() -> tuple[str, list[str]]:
    fields = list(User._meta.concrete_fields)
    columns = ", ".join(f"u.{f.column}" for f in fields)
    sql = (
        f"SELECT {columns}, t.id, t.last_used_at "  # noqa: S608 - column names from the model
        "FROM people_user u JOIN people_apitoken t ON t.user_id = u.id "
        "WHERE t.digest = %s AND t.revoked_at IS NULL AND u.is_active"
    )
    return sql, [f.attname for f in fields]


def get_user_for_token(raw: str) -> User | None:
    """The active person a raw token belongs to, or None.

    Runs on every API request: one fixed SQL statement, the row turned into a
    User the way Django's ORM does (``from_db``) without compiling a query.
    """
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    sql, attnames = _user_by_digest_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [_digest(raw)])
        row = cursor.fetchone()
    if row is None:
        return None
    values = [aware_utc(v) for v in row[: len(attnames)]]
    user = User.from_db(connection.alias, attnames, values)
    token_id, last_used = row[len(attnames)], row[len(attnames) + 1]
    # Which token made the request: changing the password keeps that one.
    user.api_token_id = token_id
    now = timezone.now()
    # Writing last_used_at on every request would cost a write per call.
    if last_used is None or (now - aware_utc(last_used)).total_seconds() > 300:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
    return user
