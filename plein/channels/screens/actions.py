"""Every change to office screens and their tokens.

``check_*`` validates and authorises (only the communications team, org
admins and moderators, manage screens), then calls the matching ``do_*``.
A screen token is shown once, as the URL to open on the screen device; only
its SHA-256 digest is stored, like personal API tokens.
"""

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.groups import visible_groups
from plein.access.roles import GroupKind
from plein.access.screens import can_manage_screens
from plein.channels.screens.models import Screen, ScreenToken
from plein.channels.screens.sources import optional_sources
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import emit_on_commit

TOKEN_PREFIX = "scr_"  # noqa: S105 - a marker, not a secret
NAME_MAX_LENGTH = 100
LOCATION_MAX_LENGTH = 120
MIN_ROTATION_SECONDS = 5
MAX_ROTATION_SECONDS = 300
MAX_WELCOME_DAYS = 90
# Writing last_seen_at on every refresh would cost a write a minute per screen.
LAST_SEEN_EVERY_SECONDS = 300

# The fields a screen's settings consist of, with their defaults.
SETTINGS_DEFAULTS: dict[str, Any] = {
    "location": "",
    "language": "",
    "rotation_seconds": 12,
    "shows_announcements": True,
    "shows_welcome": True,
    "welcome_days": 14,
    "is_active": True,
    "group_ids": (),
    "extra_sources": (),
}


def _authorise(actor: Any) -> None:
    if not can_manage_screens(actor):
        raise Forbidden(_("Only administrators and moderators manage office screens."))


def _clean_text(value: Any, field: str, limit: int, *, required: bool) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise InvalidInput(_("Give the screen a name."), field=field)
    if len(text) > limit:
        raise InvalidInput(
            _("At most %(limit)d characters.") % {"limit": limit}, field=field
        )
    return text


def _clean_number(value: Any, field: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        raise InvalidInput(
            _("Choose a number from %(low)d to %(high)d.") % {"low": low, "high": high},
            field=field,
        )
    return number


def _clean_group_ids(actor: Any, group_ids: Iterable[Any]) -> list[int]:
    try:
        wanted = sorted({int(g) for g in group_ids})
    except (TypeError, ValueError):
        raise InvalidInput(_("Choose groups from the list."), field="groups") from None
    # Looked up as the actor sees groups: a secret group they are not in is
    # reported exactly like a missing one.
    kinds = dict(visible_groups(actor).filter(pk__in=wanted).values_list("pk", "kind"))
    for group_id in wanted:
        if group_id not in kinds:
            raise InvalidInput(_("Choose groups from the list."), field="groups")
        if kinds[group_id] != GroupKind.OPEN:
            raise InvalidInput(
                _("A screen shows what everyone may see: choose open groups only."),
                field="groups",
            )
    return wanted


def _clean_extra_sources(codes: Iterable[Any]) -> list[str]:
    known = {s.code for s in optional_sources()}
    chosen = sorted({str(c) for c in codes})
    for code in chosen:
        if code not in known:
            raise InvalidInput(
                _("Choose content from the list."), field="extra_sources"
            )
    return chosen


def check_clean_screen_settings(actor: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Validate a screen's settings (any subset of them) and return them clean.

    Raises InvalidInput naming "name", "location", "language",
    "rotation_seconds", "welcome_days", "groups" or "extra_sources".
    """
    clean: dict[str, Any] = {}
    if "name" in values:
        clean["name"] = _clean_text(
            values["name"], "name", NAME_MAX_LENGTH, required=True
        )
    if "location" in values:
        clean["location"] = _clean_text(
            values["location"], "location", LOCATION_MAX_LENGTH, required=False
        )
    if "language" in values:
        language = values["language"] or ""
        if language not in Screen.Language.values:
            raise InvalidInput(_("Choose a language from the list."), field="language")
        clean["language"] = language
    if "rotation_seconds" in values:
        clean["rotation_seconds"] = _clean_number(
            values["rotation_seconds"],
            "rotation_seconds",
            MIN_ROTATION_SECONDS,
            MAX_ROTATION_SECONDS,
        )
    if "welcome_days" in values:
        clean["welcome_days"] = _clean_number(
            values["welcome_days"], "welcome_days", 1, MAX_WELCOME_DAYS
        )
    for flag in ("shows_announcements", "shows_welcome", "is_active"):
        if flag in values:
            clean[flag] = bool(values[flag])
    if "group_ids" in values:
        clean["group_ids"] = _clean_group_ids(actor, values["group_ids"] or ())
    if "extra_sources" in values:
        clean["extra_sources"] = _clean_extra_sources(values["extra_sources"] or ())
    return clean


def check_create_screen(actor: Any, *, name: str, **values: Any) -> Screen:
    """Create a screen; org admins and moderators only (Forbidden otherwise).

    Raises InvalidInput naming the field (see check_clean_screen_settings).
    """
    _authorise(actor)
    clean = check_clean_screen_settings(
        actor, {**SETTINGS_DEFAULTS, **values, "name": name}
    )
    return do_create_screen(actor, clean)


def do_create_screen(actor: Any, clean: dict[str, Any]) -> Screen:
    """Write a new screen from clean settings; emits screens.screen.created."""
    group_ids = clean.pop("group_ids", [])
    screen = Screen.objects.create(created_by=actor, **clean)
    screen.groups.set(group_ids)
    emit_on_commit(
        "screens.screen.created", {"screen_id": screen.pk}, actor_id=actor.pk
    )
    return screen


def check_update_screen(actor: Any, screen: Screen, **values: Any) -> Screen:
    """Change some of a screen's settings (those given); managers only.

    ``screen`` already passed ``access_screen``. Raises Forbidden or
    InvalidInput naming the field.
    """
    _authorise(actor)
    clean = check_clean_screen_settings(actor, values)
    return do_update_screen(actor, screen, clean)


def do_update_screen(actor: Any, screen: Screen, clean: dict[str, Any]) -> Screen:
    """Save clean settings on the screen; emits screens.screen.updated."""
    group_ids = clean.pop("group_ids", None)
    for name, value in clean.items():
        setattr(screen, name, value)
    if clean:
        screen.save(update_fields=list(clean))
    if group_ids is not None:
        screen.groups.set(group_ids)
    emit_on_commit(
        "screens.screen.updated", {"screen_id": screen.pk}, actor_id=actor.pk
    )
    return screen


def check_delete_screen(actor: Any, screen: Screen) -> None:
    """Delete a screen and its tokens: its devices stop at their next refresh."""
    _authorise(actor)
    do_delete_screen(actor, screen)


def do_delete_screen(actor: Any, screen: Screen) -> None:
    """Delete the screen; emits screens.screen.deleted."""
    screen_id = screen.pk
    screen.delete()
    emit_on_commit(
        "screens.screen.deleted", {"screen_id": screen_id}, actor_id=actor.pk
    )


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def check_create_screen_token(actor: Any, screen: Screen) -> tuple[ScreenToken, str]:
    """A new token for the screen, replacing (revoking) the ones it had.

    Returns the row and the raw token, which is shown once and never
    stored. Raises Forbidden for anyone but org admins and moderators.
    Expects a transaction: the old tokens go with the new one's creation.
    """
    _authorise(actor)
    do_revoke_screen_tokens(actor, screen)
    return do_create_screen_token(actor, screen)


def do_create_screen_token(actor: Any, screen: Screen) -> tuple[ScreenToken, str]:
    """Write a token row (its digest only); emits screens.token.created."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ScreenToken.objects.create(
        screen=screen, digest=_digest(raw), prefix=raw[:12], created_by=actor
    )
    emit_on_commit(
        "screens.token.created",
        {"screen_id": screen.pk, "screen_token_id": token.pk},
        actor_id=actor.pk,
    )
    return token, raw


def check_revoke_screen_tokens(actor: Any, screen: Screen) -> int:
    """Disconnect the screen: its devices stop at their next refresh.

    Returns how many tokens were revoked. Raises Forbidden for anyone but
    org admins and moderators.
    """
    _authorise(actor)
    return do_revoke_screen_tokens(actor, screen)


def do_revoke_screen_tokens(actor: Any, screen: Screen) -> int:
    """Revoke the screen's live tokens; emits screens.token.revoked if any."""
    revoked = ScreenToken.objects.filter(screen=screen, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        emit_on_commit(
            "screens.token.revoked", {"screen_id": screen.pk}, actor_id=actor.pk
        )
    return revoked


def get_screen_for_token(raw: str | None) -> Screen | None:
    """The active screen a raw token opens, or None, whatever the reason.

    Missing, revoked, malformed and a switched-off screen answer alike, so
    a device learns nothing about tokens that once existed. Notes when the
    screen was last seen (at most every few minutes: a write per refresh
    would cost a write a minute per screen).
    """
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        ScreenToken.objects.filter(
            digest=_digest(raw), revoked_at__isnull=True, screen__is_active=True
        )
        .select_related("screen")
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    last_seen = token.last_seen_at
    if last_seen is None or (now - last_seen).total_seconds() > LAST_SEEN_EVERY_SECONDS:
        with transaction.atomic():
            ScreenToken.objects.filter(pk=token.pk).update(last_seen_at=now)
    return token.screen
