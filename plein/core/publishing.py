"""Checks every text passes before it is published: the one place they meet.

Posts, comments, wiki pages and gateway mail call :func:`run_publish_checks`
with a :class:`Draft` before they write anything. Apps register their checks
in ``AppConfig.ready`` with :func:`publish_check`: the guidelines gate
(``plein.guidelines``) and leak prevention (``plein.dlp``) are two of them.

A check either raises a ``PleinError`` (the draft is refused: nothing is
written and the caller keeps the text), or returns a :class:`Verdict`: the
draft may be published, possibly held back for review, and ``after``
callbacks run with the object once it exists (to link recorded hits to it).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Draft:
    """What is about to be published, and by whom."""

    actor: Any
    place: str  # "post", "comment", "wiki", "mail"
    text: str  # title and body together, as the reader will see them
    group: Any = None  # the group it goes to, if any
    justification: str = ""  # the author's reason for publishing despite a warning
    is_edit: bool = False


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
        outcome = check(draft)
        if outcome is None:
            continue
        verdict.hold = verdict.hold or outcome.hold
        verdict.reasons.extend(outcome.reasons)
        verdict.after.extend(outcome.after)
    return verdict
