"""Every change to a listening source: adding a feed or an alert sender,
turning off and on, the one "Colleagues" source, and what a poll or a mail
records (claiming a due source, success, error and back-off)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.listening import can_use_listening
from plein.core.errors import InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.listening.sources.fetching import build_fetcher
from plein.listening.sources.models import Source
from plein.people.models import User
from plein.posts.previews import PreviewRefused

NAME_MAX_LENGTH = 200
URL_MAX_LENGTH = 2000
ERROR_MAX_LENGTH = 200
# A healthy feed is asked every POLL_EVERY; after errors the wait doubles
# (POLL_EVERY * 2, * 4, ...) up to MAX_BACKOFF, so a dead feed costs a few
# requests a day and a feed that recovers is back within hours.
POLL_EVERY = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=6)
# A claimed source is not due again for LEASE: long enough for one batch
# to be fetched and parsed; a worker that dies leaves it to the next run.
LEASE = timedelta(minutes=10)


# Adding, turning off and on ------------------------------------------------------


def _clean_name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the source a name."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidInput(
            _("A name has at most %(limit)d characters.") % {"limit": NAME_MAX_LENGTH},
            field="name",
        )
    return name


def clean_web_address(url: str | None, *, missing: str) -> str:
    """An http(s) address as typed, checked; InvalidInput names "url".

    ``missing`` is the message for an empty field ("Give the feed's address.").
    """
    url = (url or "").strip()
    if not url:
        raise InvalidInput(missing, field="url")
    if len(url) > URL_MAX_LENGTH:
        raise InvalidInput(
            _("An address has at most %(limit)d characters.")
            % {"limit": URL_MAX_LENGTH},
            field="url",
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InvalidInput(
            _("Enter a valid http:// or https:// address."), field="url"
        ) from None
    return url


def _clean_feed_url(url: str | None) -> str:
    url = clean_web_address(url, missing=_("Give the feed's address."))
    try:
        build_fetcher().check(url)
    except PreviewRefused:
        raise InvalidInput(
            _(
                "Plein cannot read from this address: it does not resolve, or "
                "it is inside the organisation's network."
            ),
            field="url",
        ) from None
    if Source.objects.filter(kind=Source.Kind.FEED, url=url).exists():
        raise InvalidInput(_("This feed is a source already."), field="url")
    return url


def check_add_source(actor: User, *, name: str | None, url: str | None) -> Source:
    """Validate and add a feed as a source (communications only).

    The address must be http(s) and resolve to public addresses only (the
    link previews' guard), and not be a source already. Raises NotFound
    for anyone who may not manage sources, InvalidInput naming ``name`` or
    ``url``.
    """
    if not can_use_listening(actor):
        raise NotFound()
    return do_add_source(actor, name=_clean_name(name), url=_clean_feed_url(url))


def do_add_source(actor: User | None, *, name: str, url: str) -> Source:
    """Add a feed source, due for polling at once.

    Emits ``listening.source.added``. Runs in the caller's transaction.
    """
    source = Source.objects.create(
        name=name,
        url=url,
        kind=Source.Kind.FEED,
        created_by=actor,
        next_poll_at=timezone.now(),
    )
    emit_on_commit(
        "listening.source.added",
        {"source_id": source.pk},
        actor_id=actor.pk if actor else None,
    )
    return source


def _clean_sender_address(address: str | None) -> str:
    address = (address or "").strip().strip("<>").lower()
    if not address:
        raise InvalidInput(
            _("Give the address the alerts come from."), field="sender_address"
        )
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidInput(
            _("Enter a valid e-mail address."), field="sender_address"
        ) from None
    if address.rpartition("@")[2] == settings.MAIL_DOMAIN.lower():
        raise InvalidInput(
            _("This is one of Plein's own addresses."), field="sender_address"
        )
    if Source.objects.filter(
        kind=Source.Kind.ALERT_MAIL, sender_address=address
    ).exists():
        raise InvalidInput(
            _("Alerts from this address are a source already."),
            field="sender_address",
        )
    return address


def check_add_alert_source(
    actor: User, *, name: str | None, sender_address: str | None
) -> Source:
    """Validate and add a sender of alert mails as a source (communications).

    Mail from ``sender_address`` to the listening address then becomes
    mentions of this source (``plein.listening.sources.mailin``). Raises
    NotFound for anyone who may not manage sources, InvalidInput naming
    ``name`` or ``sender_address``.
    """
    if not can_use_listening(actor):
        raise NotFound()
    return do_add_alert_source(
        actor,
        name=_clean_name(name),
        sender_address=_clean_sender_address(sender_address),
    )


def do_add_alert_source(
    actor: User | None, *, name: str, sender_address: str
) -> Source:
    """Add a sender of alert mails as a source (never polled).

    Emits ``listening.source.added``. Runs in the caller's transaction.
    """
    source = Source.objects.create(
        name=name,
        kind=Source.Kind.ALERT_MAIL,
        sender_address=sender_address,
        created_by=actor,
    )
    emit_on_commit(
        "listening.source.added",
        {"source_id": source.pk},
        actor_id=actor.pk if actor else None,
    )
    return source


def do_get_colleagues_source() -> Source:
    """The one source of links colleagues send in, made the first time.

    Named in the organisation's language (LANGUAGE_CODE), whoever sends
    the first link. A unique constraint keeps it one when two first links
    arrive at once. Runs in the caller's transaction.
    """
    source = Source.objects.filter(kind=Source.Kind.SUBMITTED).first()
    if source is not None:
        return source
    with translation.override(settings.LANGUAGE_CODE):
        name = pgettext("listening source", "Colleagues")
    source, created = Source.objects.get_or_create(
        kind=Source.Kind.SUBMITTED, defaults={"name": name}
    )
    if created:
        emit_on_commit("listening.source.added", {"source_id": source.pk})
    return source


def check_set_source_active(actor: User, source: Source, *, is_active: bool) -> None:
    """Turn a source off or on again (communications only; else NotFound)."""
    if not can_use_listening(actor):
        raise NotFound()
    do_set_source_active(actor, source, is_active=is_active)


def do_set_source_active(
    actor: User | None, source: Source, *, is_active: bool
) -> None:
    """Turn ``source`` off (no more polls) or on (due at once).

    Emits ``listening.source.deactivated`` or ``listening.source.activated``
    when the state changes; setting the same state again does nothing.
    """
    if source.is_active == is_active:
        return
    source.is_active = is_active
    fields = ["is_active"]
    if is_active:
        source.next_poll_at = timezone.now()
        fields.append("next_poll_at")
    source.save(update_fields=fields)
    verb = "activated" if is_active else "deactivated"
    emit_on_commit(
        f"listening.source.{verb}",
        {"source_id": source.pk},
        actor_id=actor.pk if actor else None,
    )


# What a poll records ---------------------------------------------------------------


def build_backoff(consecutive_errors: int) -> timedelta:
    """How long to wait after the ``consecutive_errors``-th error in a row."""
    if consecutive_errors <= 0:
        return POLL_EVERY
    doublings: int = 2 ** min(consecutive_errors, 16)
    return min(MAX_BACKOFF, POLL_EVERY * doublings)


def do_claim_due_sources(limit: int, *, now: datetime | None = None) -> list[Source]:
    """Claim up to ``limit`` due feeds for this worker, oldest due first.

    Each claim is a conditional update that moves ``next_poll_at`` forward
    by ``LEASE`` only if it still holds the value just read: of two workers
    that read the same due source, one update matches and the other finds
    nothing, so no source is polled twice at once. A worker that dies
    leaves its sources due again once the lease is over.
    """
    now = now or timezone.now()
    due = list(
        Source.objects.filter(
            kind=Source.Kind.FEED, is_active=True, next_poll_at__lte=now
        )
        .order_by("next_poll_at", "pk")
        .values_list("pk", "next_poll_at")[: limit * 2]
    )
    claimed: list[int] = []
    with transaction.atomic():
        for pk, next_poll_at in due:
            if len(claimed) >= limit:
                break
            taken = Source.objects.filter(
                pk=pk, next_poll_at=next_poll_at, is_active=True
            ).update(next_poll_at=now + LEASE)
            if taken:
                claimed.append(pk)
    by_pk = Source.objects.in_bulk(claimed)
    return [by_pk[pk] for pk in claimed if pk in by_pk]


def do_record_poll_success(
    source: Source,
    *,
    etag: str,
    last_modified: str,
    items: int,
    now: datetime | None = None,
) -> None:
    """A poll worked (a 304 too): the error run ends, the next is in POLL_EVERY.

    ``last_error`` and ``last_error_at`` stay, as the health overview's
    "last error"; ``consecutive_errors`` back at 0 says the feed is well.
    """
    now = now or timezone.now()
    Source.objects.filter(pk=source.pk).update(
        etag=etag[:500],
        last_modified=last_modified[:100],
        last_polled_at=now,
        last_success_at=now,
        consecutive_errors=0,
        items_seen=F("items_seen") + items,
        next_poll_at=now + POLL_EVERY,
    )


def do_record_intake(
    source: Source, *, items: int, now: datetime | None = None
) -> None:
    """An alert mail or a colleague's links arrived for ``source``.

    Its health shows the last mail as the last success and counts the
    links it held as items read.
    """
    now = now or timezone.now()
    Source.objects.filter(pk=source.pk).update(
        last_success_at=now, items_seen=F("items_seen") + items
    )


def do_record_poll_error(
    source: Source, error: str, *, now: datetime | None = None
) -> None:
    """A poll failed: record the short error and back off (doubling, capped)."""
    now = now or timezone.now()
    errors = source.consecutive_errors + 1
    Source.objects.filter(pk=source.pk).update(
        last_polled_at=now,
        last_error=error[:ERROR_MAX_LENGTH],
        last_error_at=now,
        consecutive_errors=F("consecutive_errors") + 1,
        next_poll_at=now + build_backoff(errors),
    )
