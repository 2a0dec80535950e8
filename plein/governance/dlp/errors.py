"""Refusals of leak prevention: what was found travels in ``data["findings"]``.

Both are publish-check refusals (``plein.core.publishing.Refused``, an
``InvalidInput``): callers that know nothing of leak prevention still show
the message next to the field, forms list the findings with
``details_template``, and :meth:`Refused.record` writes the hits down once
the refused transaction has rolled back.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plein.core.publishing import Draft, Refused


def describe(findings: list[dict[str, Any]]) -> str:
    """One line per finding: where, what (masked) and why."""
    parts = []
    for finding in findings:
        if finding.get("line"):
            parts.append(
                _("Line %(line)s: %(rule)s “%(match)s”. %(why)s")
                % {
                    "line": finding["line"],
                    "rule": finding["rule_label"],
                    "match": finding["match"],
                    "why": finding["why"],
                }
            )
        else:
            parts.append(
                _("%(rule)s: %(match)s. %(why)s")
                % {
                    "rule": finding["rule_label"],
                    "match": finding["match"],
                    "why": finding["why"],
                }
            )
    return " ".join(parts)


class LeakError(Refused):
    """A refusal by leak prevention; ``findings`` lists what was found."""

    hit_action = ""
    details_template = "dlp/_findings.html"

    def __init__(self, findings: list[dict[str, Any]], message: str, field: str):
        super().__init__(message, field=field, data={"findings": findings})

    @property
    def findings(self) -> list[dict[str, Any]]:
        return list(self.data.get("findings", []))

    def write_record(self, draft: Draft) -> None:
        """Record the hits of the refused text with the refusal as outcome."""
        from plein.governance.dlp.actions import do_record_hits

        if not self.hit_action or not getattr(draft.actor, "pk", None):
            return
        with transaction.atomic():
            do_record_hits(
                draft.actor, draft.place, self.findings, outcome=self.hit_action
            )


class LeakBlocked(LeakError):
    code = "leak_blocked"
    default_message = gettext_lazy("This text contains data that may not be shared.")
    form_message = gettext_lazy("Not published: remove what is listed below.")
    hit_action = "blocked"

    def __init__(self, findings: list[dict[str, Any]]) -> None:
        message = (
            _("Not published: the text contains data that may not be shared here.")
            + " "
            + describe(findings)
            + " "
            + _("Remove it and try again.")
        )
        super().__init__(findings, message, "body")


class JustificationRequired(LeakError):
    code = "justification_required"
    default_message = gettext_lazy("Give a reason to publish this text.")
    form_message = gettext_lazy("Change the text, or say why it may be published.")
    hit_action = "warned"

    def __init__(self, findings: list[dict[str, Any]]) -> None:
        message = (
            _("Check before publishing.")
            + " "
            + describe(findings)
            + " "
            + _("Change the text, or say why it may be published.")
        )
        super().__init__(findings, message, "justification")
