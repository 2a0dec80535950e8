"""Every change to feed tokens: create, use, revoke."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import is_active_person
from plein.channels.feeds.models import FeedToken
from plein.channels.feeds.tokens import (
    build_link_nonce,
    build_link_token,
    build_raw_token,
    digest_feed_token,
    rebuild_link_token,
)
from plein.core.errors import InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.people.models import User

MAX_NAME_LENGTH = 100
# Enough for every reader and device one has; a cap keeps a script that
# loops from filling the table.
MAX_TOKENS_PER_PERSON = 50
# Writing last_used_at on every poll would cost a write per request.
TOUCH_INTERVAL = timedelta(minutes=5)


def _check_room_for_a_token(user: User) -> None:
    if FeedToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_PERSON:
        raise InvalidInput(
            _("You have too many feed tokens. Revoke one you no longer use."),
            field="name",
        )


def check_create_feed_token(user: User, *, name: str) -> tuple[FeedToken, str]:
    """Validate a new token's name and create it for ``user``.

    Returns the row and the raw token, which is shown once and never
    stored. Raises InvalidInput (field ``name``) for an empty or long name
    or when the person has too many tokens, NotFound for a deactivated
    person. Runs in the caller's transaction.
    """
    if not is_active_person(user):
        raise NotFound()
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the token a name."), field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(_("A token name is at most 100 characters."), field="name")
    _check_room_for_a_token(user)
    return do_create_feed_token(user, name=name)


def do_create_feed_token(user: User, *, name: str) -> tuple[FeedToken, str]:
    """Create a feed token; the raw token is returned once only.

    Emits ``feeds.token.created`` (the audit log records it).
    """
    raw = build_raw_token()
    token = FeedToken.objects.create(
        user=user, name=name, digest=digest_feed_token(raw), prefix=raw[:12]
    )
    emit_on_commit(
        "feeds.token.created",
        {"feed_token_id": token.pk, "user_id": user.pk},
        [user.pk],
        actor_id=user.pk,
    )
    return token, raw


def check_create_link_feed_token(user: User) -> str:
    """The raw link token of ``user``, made on first use.

    The link token is the one behind the "Subscribe (RSS/Atom)" links on
    Plein's pages; answering an existing one is idempotent. A link token
    that can no longer be rebuilt (SECRET_KEY changed and the old key is no
    longer a fallback) stays as an ordinary token, so its feed readers keep
    working, and a new one is made. Raises NotFound for a deactivated
    person and InvalidInput (field ``name``) when the person has too many
    tokens. Runs in the caller's transaction; never on a GET.
    """
    if not is_active_person(user):
        raise NotFound()
    link = _link_token_row(user)
    if link is not None:
        raw = rebuild_link_token(user.pk, link.link_nonce, link.digest)
        if raw is not None:
            return raw
        link.link_nonce = ""
        link.save(update_fields=["link_nonce"])
    _check_room_for_a_token(user)
    return do_create_link_feed_token(user)


def _link_token_row(user: User) -> FeedToken | None:
    return FeedToken.objects.filter(user=user).exclude(link_nonce="").first()


def do_create_link_feed_token(user: User) -> str:
    """Create ``user``'s link token and answer it raw.

    Emits ``feeds.token.created``, as for any token. Two requests racing
    to make it meet at the unique constraint (one link token a person): the
    loser answers the winner's token.
    """
    nonce = build_link_nonce()
    raw = build_link_token(user.pk, nonce)
    try:
        # A savepoint, so that a lost race leaves the caller's transaction
        # usable.
        with transaction.atomic():
            token = FeedToken.objects.create(
                user=user,
                name=pgettext("feed token name", "Subscribe links"),
                digest=digest_feed_token(raw),
                prefix=raw[:12],
                link_nonce=nonce,
            )
    except IntegrityError:
        winner = _link_token_row(user)
        rebuilt = (
            rebuild_link_token(user.pk, winner.link_nonce, winner.digest)
            if winner is not None
            else None
        )
        if rebuilt is None:
            raise
        return rebuilt
    emit_on_commit(
        "feeds.token.created",
        {"feed_token_id": token.pk, "user_id": user.pk},
        [user.pk],
        actor_id=user.pk,
    )
    return raw


def check_revoke_feed_token(user: User, token_id: int) -> None:
    """Revoke one of ``user``'s own tokens.

    Another person's token and a missing one both raise NotFound.
    """
    if not do_revoke_feed_token(user, token_id):
        raise NotFound()


def do_revoke_feed_token(user: User, token_id: int) -> bool:
    """Delete the token if it is ``user``'s; True when one was deleted.

    Emits ``feeds.token.revoked``. Feed addresses with the token answer 404
    from the next request on.
    """
    deleted, _rows = FeedToken.objects.filter(pk=token_id, user=user).delete()
    if deleted:
        emit_on_commit(
            "feeds.token.revoked",
            {"feed_token_id": token_id, "user_id": user.pk},
            [user.pk],
            actor_id=user.pk,
        )
    return bool(deleted)


def do_revoke_all_feed_tokens(person_id: int) -> int:
    """Delete every token of a person (deactivation); returns how many."""
    deleted, _rows = FeedToken.objects.filter(user_id=person_id).delete()
    return deleted


def do_touch_feed_token(token: FeedToken) -> None:
    """Record that a feed reader used ``token`` (at most every five minutes).

    A conditional update: concurrent polls write at most once.
    """
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < TOUCH_INTERVAL:
        return
    FeedToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(
        last_used_at=now
    )
    token.last_used_at = now
