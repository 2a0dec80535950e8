"""Erasure (GDPR/AVG article 17): an organisation admin removes a person.

The account row stays (posts, reactions and the audit log point at it) but
everything that identifies the person goes. What that means for each app is
the app's own business: its personal-data provider's ``erase`` hook
(``plein/<app>/personal_data.py``, see ``plein.core.personal_data`` and
docs/compliance.md). This module decides whether the erasure may happen,
hands every provider the same context, and audits it:

- the people app pseudonymises the account first (name, e-mail, handle),
  ends its access and clears the profile; the other apps follow in
  provider order;
- what they wrote follows ``settings.ERASURE_CONTENT``: "keep" leaves it,
  shown under the pseudonym; "delete" lets each app remove the person's
  content (posts, comments, wiki text), except what a legal hold on a
  group keeps.

A person named by an active legal hold cannot be erased: the admin is told
which hold stands in the way. The audit log keeps its entries (ids only).
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import is_org_admin
from plein.core.errors import Conflict, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.core.personal_data import (
    ErasureContext,
    PurgedIds,
    personal_data_providers,
)
from plein.governance.compliance.holds import current_holds, person_on_hold
from plein.people.models import User
from plein.people.personal_data import ERASED_DOMAIN


def is_erased(person: User) -> bool:
    return person.email.endswith(f"@{ERASED_DOMAIN}")


def check_erase_person(actor: Any, person: User) -> User:
    """Validate and authorise an erasure, then erase. Call inside a transaction."""
    if not is_org_admin(actor):
        raise NotFound()
    if person.pk == actor.pk:
        raise InvalidInput(_("You cannot erase yourself."), field="person")
    if is_erased(person):
        raise Conflict(pgettext("erasure", "This person has already been erased."))
    # Lock the row so a hold placed at the same moment is seen or waits.
    person = User.objects.select_for_update().get(pk=person.pk)
    hold = person_on_hold(person)
    if hold is not None:
        raise Conflict(
            pgettext(
                "erasure",
                "%(name)s cannot be erased: the legal hold “%(matter)s” "
                "(placed %(date)s) covers them. A compliance officer must "
                "release it first.",
            )
            % {
                "name": person.full_name,
                "matter": hold.matter,
                "date": f"{hold.created_at:%Y-%m-%d}",
            },
            field="person",
        )
    return do_erase_person(actor, person)


def do_erase_person(actor: Any, person: User) -> User:
    """Remove a person's personal data (see the module docstring).

    Runs in the caller's transaction, with the person's row locked
    (``check_erase_person``). Every app's provider erases its own part, in
    provider order; emits ``compliance.content.purged`` for purged content
    and ``compliance.person.erased``.
    """
    content = settings.ERASURE_CONTENT
    if content != "delete":
        content = "keep"  # the text stays, shown under the pseudonym
    context = ErasureContext(
        actor=actor,
        delete_content=content == "delete",
        holds=current_holds(),
        report_purged=_report_purged,
    )
    for provider in personal_data_providers():
        if provider.erase is not None:
            provider.erase(person, context)
    emit_on_commit(
        "compliance.person.erased",
        {"user_id": person.pk, "content": content},
        [actor.pk],
        actor_id=actor.pk,
    )
    return person


def _report_purged(ids: PurgedIds) -> None:
    emit_on_commit("compliance.content.purged", {"reason": "erasure", **ids})
