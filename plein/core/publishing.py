"""Checks every text passes before it is published: the one place they meet.

Posts, comments, wiki pages and gateway mail call :func:`run_publish_checks`
with a :class:`Draft` before they write anything. Apps register their checks
in ``AppConfig.ready`` with :func:`publish_check`: the guidelines gate
(``plein.guidelines``) and leak prevention (``plein.dlp``) are two of them.

A check either raises a ``PleinError`` (the draft is refused: nothing is
written and the caller keeps the text), or returns a :class:`Verdict`: the
draft may be published, possibly held back for review, and ``after``
callbacks run with the object once it exists (to link recorded hits to it).

A check that refuses with a :class:`Refused` error also says how a form shows
the details and how the attempt is written down. Writing it down must wait
until the refused transaction has rolled back, so the places that answer a
refusal call :meth:`Refused.record`: ``plein.core.forms.publish_with_form``
for forms, the API's error handler, ``DomainErrorMiddleware`` and the mail
gateway. Nothing else catches a refusal.
"""

import contextlib
import logging
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError

from plein.core.errors import InvalidInput

logger = logging.getLogger(__name__)


_importing: ContextVar[bool] = ContextVar("plein_importing_history", default=False)


@contextlib.contextmanager
def importing_history() -> Iterator[None]:
    """Publish history written before Plein (``plein mail-replay --apply``).

    Inside, checks that ask something of the author now stand aside (the
    guidelines gate: the author wrote it before there were guidelines to
    accept), and so do limits on how much one person sends. Leak prevention
    still runs: a leak is a leak, whenever it was written.
    """
    token = _importing.set(True)
    try:
        yield
    finally:
        _importing.reset(token)


def is_importing_history() -> bool:
    return _importing.get()


@dataclass(frozen=True)
class Draft:
    """What is about to be published, and by whom."""

    actor: Any
    place: str  # "post", "comment", "wiki", "mail"
    text: str  # title and body together, as the reader will see them
    group: Any = None  # the group it goes to, if any
    justification: str = ""  # the author's reason for publishing despite a warning
    is_edit: bool = False


class Refused(InvalidInput):
    """A publish check refused the draft: nothing was written.

    ``field`` is where a form shows ``form_message`` (the text, or the
    justification when a reason would let it through); ``details_template``
    renders what was found, with the error as ``refusal``. Subclasses write
    the attempt down in :meth:`write_record`.
    """

    code = "refused"
    details_template = ""
    form_message: Any = ""

    draft: "Draft | None" = None  # set by run_publish_checks
    _recorded = False

    @property
    def needs_justification(self) -> bool:
        """Whether a reason from the author would let the text through."""
        return self.field == "justification"

    def record(self) -> None:
        """Write the refused attempt down, once, outside the refused transaction.

        Recording never turns into a second failure: a database error is
        logged and swallowed.
        """
        if self._recorded or self.draft is None:
            return
        self._recorded = True
        try:
            self.write_record(self.draft)
        except DatabaseError:
            logger.exception("could not record a refused %s", self.draft.place)

    def write_record(self, draft: "Draft") -> None:
        """Record the attempt (in its own transaction); nothing by default."""


def record_refusal(error: BaseException) -> None:
    """Record ``error`` if it is a refusal; for the generic error handlers."""
    if isinstance(error, Refused):
        error.record()


@dataclass
class Verdict:
    """The combined outcome of all checks for one draft."""

    hold: bool = False  # publish, but withheld until a reviewer releases it
    reasons: list[str] = field(default_factory=list)
    after: list[Callable[[Any], None]] = field(default_factory=list)

    def published(self, obj: Any) -> None:
        """Call once the post or comment exists (inside the same transaction)."""
        for callback in self.after:
            callback(obj)


Check = Callable[[Draft], Verdict | None]
_checks: list[tuple[int, Check]] = []


def publish_check(order: int) -> Callable[[Check], Check]:
    """Register a check; lower ``order`` runs first (the guidelines gate: 10)."""

    def register(check: Check) -> Check:
        if all(existing is not check for _o, existing in _checks):
            _checks.append((order, check))
            _checks.sort(key=lambda item: item[0])
        return check

    return register


def run_publish_checks(draft: Draft) -> Verdict:
    """Run every registered check; raises the first refusal."""
    verdict = Verdict()
    for _order, check in _checks:
        try:
            outcome = check(draft)
        except Refused as refusal:
            refusal.draft = draft
            raise
        if outcome is None:
            continue
        verdict.hold = verdict.hold or outcome.hold
        verdict.reasons.extend(outcome.reasons)
        verdict.after.extend(outcome.after)
    return verdict
