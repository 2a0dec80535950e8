"""Leak prevention: the publish check, the record of hits, and the review.

:func:`check_draft_for_leaks` is registered as a publish check (order 20).
It scans a draft with every enabled rule and answers with the strictest
action found: block (refuse), hold (publish withheld until a reviewer
releases it) or warn (refuse unless the author gave a justification).

Every finding is recorded as a :class:`DlpHit`: through ``Verdict.after``
when the text is published (same transaction), and by the refusal itself
(``LeakError.write_record``) when it is refused: in its own transaction,
after the caller's rolled back.
"""

import logging
import time
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.dlp import can_review_leaks
from plein.access.groups import group_has_guests
from plein.access.people import is_org_admin, is_outsider
from plein.access.roles import GroupKind
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.core.publishing import Draft, Verdict
from plein.governance.dlp.detectors import Finding, RuleCode, scan_text
from plein.governance.dlp.errors import JustificationRequired, LeakBlocked
from plein.governance.dlp.models import (
    DEFAULT_ACTIONS,
    Action,
    Code,
    DlpHit,
    DlpRule,
    DlpTerm,
    HitAction,
)
from plein.posts.models import Comment, Post

logger = logging.getLogger(__name__)

STRICTNESS = {Action.WARN: 1, Action.HOLD: 2, Action.BLOCK: 3}
JUSTIFICATION_MAX_LENGTH = 500


# --- Scanning ----------------------------------------------------------------


# Rules and terms are read before every post, comment and gateway mail, and
# change rarely: each process keeps them for SETTINGS_TTL seconds. A change
# made here is seen at once in this process and within that time elsewhere.
SETTINGS_TTL = 10.0
_memo: dict[str, tuple[float, Any]] = {}


def forget_settings() -> None:
    """Drop this process's copy of the rules and terms (after a change)."""
    _memo.clear()


def _remembered(name: str, load: Any) -> Any:
    now = time.monotonic()
    held = _memo.get(name)
    if held is None or now - held[0] > SETTINGS_TTL:
        held = (now, load())
        _memo[name] = held
    return held[1]


def _load_rule_actions() -> dict[str, str]:
    actions = {str(code): str(action) for code, action in DEFAULT_ACTIONS.items()}
    for rule in DlpRule.objects.all():
        if rule.enabled:
            actions[rule.code] = rule.action
        else:
            actions.pop(rule.code, None)
    return actions


def get_rule_actions() -> dict[str, str]:
    """The action of every enabled rule (defaults for rules without a row)."""
    return dict(_remembered("rules", _load_rule_actions))


def get_terms() -> dict[str, str]:
    return dict(
        _remembered("terms", lambda: dict(DlpTerm.objects.values_list("term", "kind")))
    )


def scan_draft(draft: Draft) -> list[dict[str, Any]]:
    """Findings of the enabled rules, each with its rule's action and label."""
    actions = get_rule_actions()
    if not actions:
        return []
    terms = get_terms() if RuleCode.TERM in actions else {}
    findings: list[Finding] = [
        f for f in scan_text(draft.text, terms) if f.rule in actions
    ]
    has_guests = draft.group is not None and group_has_guests(draft.group)
    if (
        draft.group is not None
        and draft.group.kind != GroupKind.OPEN
        and not has_guests
    ):
        # "Vertrouwelijk" in a closed or secret group of colleagues is where
        # confidential text belongs: the marker only matters for wide audiences.
        findings = [f for f in findings if f.rule != RuleCode.MARKER]
    # Flagged text going to a group with external guests: the guests rule
    # adds its own finding (and action), so an admin can make such text
    # stricter there. Plain posts in the group pass: a prompt on every post
    # would teach people to click it away. A guest writing in the group is
    # talking to the same people already.
    if (
        findings
        and RuleCode.GUESTS in actions
        and draft.group is not None
        and not is_outsider(draft.actor)
        and has_guests
    ):
        findings.append(
            Finding(
                rule=RuleCode.GUESTS,
                match=draft.group.name,
                why=_(
                    "External guests are members of this group: they will "
                    "read this too."
                ),
            )
        )
    labels = dict(Code.choices)
    result = []
    for finding in findings:
        action = actions[finding.rule]
        # Mail cannot answer a warning with a reason: a person reviews it.
        if draft.place == "mail" and action == Action.WARN:
            action = Action.HOLD
        result.append(
            {
                **finding.as_dict(),
                "rule_label": str(labels.get(finding.rule, finding.rule)),
                "action": action,
            }
        )
    return result


def check_draft_for_leaks(draft: Draft) -> Verdict | None:
    """The publish check: refuse, hold, or let the draft through (and record)."""
    findings = scan_draft(draft)
    if not findings:
        return None
    strictest = max(STRICTNESS[f["action"]] for f in findings)
    if strictest == STRICTNESS[Action.BLOCK]:
        raise LeakBlocked([f for f in findings if f["action"] == Action.BLOCK])
    justification = " ".join((draft.justification or "").split())
    if len(justification) > JUSTIFICATION_MAX_LENGTH:
        raise InvalidInput(
            _("Keep the reason under %(limit)d characters.")
            % {"limit": JUSTIFICATION_MAX_LENGTH},
            field="justification",
        )
    if strictest == STRICTNESS[Action.HOLD]:
        outcome = HitAction.HELD
    elif justification:
        outcome = HitAction.WARNED_PUBLISHED
    else:
        raise JustificationRequired(findings)

    def record(obj: Any) -> None:
        do_record_hits(
            draft.actor,
            draft.place,
            findings,
            outcome=outcome,
            justification=justification,
            obj=obj,
        )

    return Verdict(
        hold=outcome == HitAction.HELD,
        reasons=[f["why"] for f in findings],
        after=[record],
    )


# --- Recording -----------------------------------------------------------------


def do_record_hits(
    actor: Any,
    place: str,
    findings: list[dict[str, Any]],
    *,
    outcome: str,
    justification: str = "",
    obj: Any = None,
) -> list[DlpHit]:
    """Write one DlpHit per finding; runs inside the caller's transaction."""
    content_type = (
        ContentType.objects.get_for_model(obj)
        if isinstance(obj, Post | Comment)
        else None
    )
    hits = DlpHit.objects.bulk_create(
        [
            DlpHit(
                person=actor,
                place=place[:20],
                rule=finding["rule"],
                action=outcome,
                match=str(finding.get("match", ""))[:200],
                line=finding.get("line"),
                justification=justification,
                content_type=content_type,
                object_id=obj.pk if content_type is not None else None,
            )
            for finding in findings
        ]
    )
    emit_on_commit(
        "dlp.hit.recorded",
        {
            "place": place,
            "outcome": outcome,
            "rules": sorted({f["rule"] for f in findings}),
            "content_type": content_type.model if content_type else None,
            "object_id": obj.pk if content_type is not None else None,
        },
        [actor.pk],
        actor_id=actor.pk,
    )
    return hits


# --- Review ----------------------------------------------------------------------


def check_review_held_item(
    reviewer: Any, obj: Post | Comment, *, decision: str, note: str = ""
) -> int:
    """Release or reject held content (``obj`` from ``access_held_item``).

    Rejecting needs a note: it is kept with the hits for the author and
    the compliance officers. Returns how many hits were updated.
    """
    if not can_review_leaks(reviewer):
        raise Forbidden()
    note = (note or "").strip()
    if len(note) > 1000:
        raise InvalidInput(_("Keep the note under 1000 characters."), field="note")
    if decision == "release":
        return do_release_held_item(reviewer, obj, note=note)
    if decision == "reject":
        if not note:
            raise InvalidInput(
                _("Say why the text may not be published."), field="note"
            )
        return do_reject_held_item(reviewer, obj, note=note)
    raise InvalidInput(_("Choose release or reject."), field="decision")


def _mark_reviewed(reviewer: Any, obj: Any, outcome: str, note: str) -> int:
    updated = (
        DlpHit.objects.for_object(obj)
        .filter(action=HitAction.HELD)
        .update(
            action=outcome,
            reviewed_by=reviewer,
            reviewed_at=timezone.now(),
            review_note=note,
        )
    )
    emit_on_commit(
        "dlp.hit.reviewed",
        {
            "content_type": obj._meta.model_name,
            "object_id": obj.pk,
            "outcome": outcome,
        },
        [obj.author_id],
        actor_id=reviewer.pk,
    )
    return updated


def do_release_held_item(reviewer: Any, obj: Post | Comment, *, note: str = "") -> int:
    """Let held content out (it is delivered as if new) and record the decision."""
    from plein.governance.moderation.notify import do_tell_author
    from plein.posts.actions import do_release

    do_release(obj)
    do_tell_author(obj, "released", ref="review")
    return _mark_reviewed(reviewer, obj, HitAction.RELEASED, note)


def do_reject_held_item(reviewer: Any, obj: Post | Comment, *, note: str) -> int:
    """Delete held content (it was never shown to anyone) and record why."""
    from plein.governance.moderation.notify import do_tell_author
    from plein.posts.actions import do_delete_comment, do_delete_post

    if isinstance(obj, Post):
        do_delete_post(reviewer, obj)
    else:
        do_delete_comment(reviewer, obj)
    do_tell_author(obj, "rejected", ref="review")
    return _mark_reviewed(reviewer, obj, HitAction.REJECTED, note)


# --- Administration ------------------------------------------------------------


def check_update_rule(
    actor: Any, rule: DlpRule, *, enabled: bool, action: str
) -> DlpRule:
    """Switch a rule on or off or change its action (org admins)."""
    if not is_org_admin(actor):
        raise Forbidden()
    if action not in Action.values:
        raise InvalidInput(_("Choose warn, hold or block."), field="action")
    rule.enabled, rule.action, rule.updated_at = enabled, action, timezone.now()
    rule.save(update_fields=["enabled", "action", "updated_at"])
    forget_settings()
    emit_on_commit(
        "dlp.rule.updated",
        {"code": rule.code, "enabled": enabled, "action": action},
        [actor.pk],
        actor_id=actor.pk,
    )
    return rule


def check_add_term(actor: Any, *, term: str, kind: str) -> DlpTerm:
    """Add a client name or confidential term to the organisation's list."""
    if not is_org_admin(actor):
        raise Forbidden()
    term = " ".join((term or "").split())
    if len(term) < 2:
        raise InvalidInput(_("A term has at least two characters."), field="term")
    if len(term) > 100:
        raise InvalidInput(_("Keep a term under 100 characters."), field="term")
    if kind not in DlpTerm.Kind.values:
        raise InvalidInput(_("Choose client or confidential."), field="kind")
    if DlpTerm.objects.filter(term__iexact=term).exists():
        raise InvalidInput(_("This term is already on the list."), field="term")
    created = DlpTerm.objects.create(term=term, kind=kind, added_by=actor)
    forget_settings()
    emit_on_commit(
        "dlp.term.created",
        {"term_id": created.pk, "kind": kind},
        [actor.pk],
        actor_id=actor.pk,
    )
    return created


def check_update_term(actor: Any, item: DlpTerm, *, term: str, kind: str) -> DlpTerm:
    if not is_org_admin(actor):
        raise Forbidden()
    term = " ".join((term or "").split())
    if len(term) < 2:
        raise InvalidInput(_("A term has at least two characters."), field="term")
    if kind not in DlpTerm.Kind.values:
        raise InvalidInput(_("Choose client or confidential."), field="kind")
    if DlpTerm.objects.filter(term__iexact=term).exclude(pk=item.pk).exists():
        raise InvalidInput(_("This term is already on the list."), field="term")
    item.term, item.kind = term, kind
    item.save(update_fields=["term", "kind"])
    forget_settings()
    emit_on_commit(
        "dlp.term.updated",
        {"term_id": item.pk, "kind": kind},
        [actor.pk],
        actor_id=actor.pk,
    )
    return item


def check_delete_term(actor: Any, item: DlpTerm) -> None:
    if not is_org_admin(actor):
        raise Forbidden()
    term_id = item.pk
    item.delete()
    forget_settings()
    emit_on_commit(
        "dlp.term.deleted", {"term_id": term_id}, [actor.pk], actor_id=actor.pk
    )
