"""Legal holds: content that must be kept, and people who must not be erased.

A hold names a person (everything they wrote), a group (everything posted
in it, with its comments) or both (what the person wrote in that group). A
matter is the name several holds share. While a hold is active:

- retention never purges the content it covers, nor the thread around it
  (a post is kept when any comment under it is held, and a held post keeps
  its comments);
- the person it names cannot be erased.

What a hold keeps is each app's rule (``legal_hold`` in its personal-data
provider, ``plein.core.personal_data``); this module only knows which holds
are active. Compliance officers place and release holds; every change emits
an event.
"""

from typing import Any

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import is_compliance_officer
from plein.core.errors import Conflict, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.personal_data import Holds, HoldScope, personal_data_provider
from plein.governance.compliance.models import LegalHold


def active_holds() -> QuerySet[LegalHold]:
    return LegalHold.objects.filter(released_at__isnull=True)


def current_holds() -> Holds:
    """The active holds as the apps need them (``plein.core.personal_data``).

    What a hold covers in each app is the app's own rule: its personal-data
    provider's ``legal_hold``, which its retention and erasure honour too.
    """
    return Holds(
        tuple(
            HoldScope(person_id, group_id)
            for person_id, group_id in active_holds()
            .order_by("pk")
            .values_list("person_id", "group_id")
        )
    )


def is_held(obj: Model) -> bool:
    """Whether an active legal hold keeps this row (a post, a comment, ...)."""
    provider = personal_data_provider(obj._meta.app_label)
    if provider is None or provider.legal_hold is None:
        return False
    held = provider.legal_hold(current_holds()).get(type(obj))
    return held is not None and held.filter(pk=obj.pk).exists()


def person_on_hold(person: Any) -> LegalHold | None:
    """The first active hold naming ``person``, or None."""
    return active_holds().filter(person_id=person.pk).order_by("created_at").first()


def check_create_hold(
    actor: Any,
    *,
    matter: str,
    person: Any | None = None,
    group: Any | None = None,
    note: str = "",
) -> LegalHold:
    """Place a hold; only compliance officers may (others get NotFound)."""
    if not is_compliance_officer(actor):
        raise NotFound()
    matter = (matter or "").strip()
    if not matter:
        raise InvalidInput(_("Name the matter this hold is for."), field="matter")
    if len(matter) > 200:
        raise InvalidInput(_("Keep the matter under 200 characters."), field="matter")
    if person is None and group is None:
        raise InvalidInput(
            _("A hold names a person, a group, or both."), field="person"
        )
    return do_create_hold(
        actor, matter=matter, person=person, group=group, note=(note or "").strip()
    )


def do_create_hold(
    actor: Any,
    *,
    matter: str,
    person: Any | None,
    group: Any | None,
    note: str = "",
) -> LegalHold:
    """Create the hold. Call inside a transaction (it locks the person's row)."""
    if person is not None:
        # Take the lock erasure takes: a hold and an erasure of the same
        # person never pass each other.
        list(
            type(person)
            .objects.select_for_update()
            .filter(pk=person.pk)
            .values_list("pk", flat=True)
        )
    hold = LegalHold.objects.create(
        matter=matter, person=person, group=group, note=note, created_by=actor
    )
    emit_on_commit(
        "compliance.hold.created",
        {
            "hold_id": hold.pk,
            "person_id": hold.person_id,
            "group_id": hold.group_id,
        },
        [actor.pk],
        actor_id=actor.pk,
    )
    return hold


def check_release_hold(actor: Any, hold: LegalHold) -> LegalHold:
    if not is_compliance_officer(actor):
        raise NotFound()
    if hold.released_at is not None:
        raise Conflict(pgettext("legal hold", "This hold was already released."))
    return do_release_hold(actor, hold)


def do_release_hold(actor: Any, hold: LegalHold) -> LegalHold:
    """Release a hold (conditional update: releasing twice changes nothing)."""
    now = timezone.now()
    updated = LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
        released_at=now, released_by=actor
    )
    if updated:
        hold.released_at = now
        hold.released_by = actor
        emit_on_commit(
            "compliance.hold.released",
            {"hold_id": hold.pk},
            [actor.pk],
            actor_id=actor.pk,
        )
    return hold
