"""Every change to referrals, candidates, their consent, passports and pools.

``check_*`` validates and authorises through ``plein.access``, then calls
the matching ``do_*``, which mutates and schedules follow-up work after
commit. The candidate's own answers come through their consent page (no
login): the page proves who they are with the signed link from their mail
(:func:`parse_consent_token`) and calls the ``do_*`` functions directly.

The rules of the Dutch recruitment code (NVP Sollicitatiecode), as kept
here (docs/referrals.md has the table):

- before consent only the referral notice is kept (the candidate's name,
  contact and language, the vacancy, the referrer) and shown to HR alone;
  it goes when the candidate declines or does not answer in
  ``PENDING_DAYS``. The referrer's "why" and the CV are asked for only once
  the candidate agreed (:func:`check_add_referral_details`);
- "this procedure only": kept until ``AFTER_PROCEDURE_DAYS`` after the
  procedure ends (at most ``PROCEDURE_MAX_DAYS`` after consent, when nobody
  ends it);
- "keep up to a year": kept ``YEAR_DAYS``; a renewal mail goes
  ``RENEWAL_DAYS`` before the end; only then may HR put the candidate in a
  talent pool or share them with named colleagues;
- declining, withdrawing or asking to be erased removes everything at
  once (:func:`do_erase_candidate`), leaving a tombstone without personal
  data so the referrer sees what happened.

Events carry ids and codes only; notifications never name the candidate.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import is_active_person, is_outsider
from plein.access.referrals import (
    can_add_referral_details,
    can_handle_referral,
    can_manage_candidates,
    can_refer,
)
from plein.access.roles import Role
from plein.access.vacancies import can_manage_vacancy
from plein.careers.referrals.models import (
    ENDED_STATUSES,
    HR_STATUSES,
    Candidate,
    CandidateShare,
    Consent,
    Language,
    PoolCandidate,
    PoolMember,
    Referral,
    TalentPool,
)
from plein.careers.vacancies.models import Vacancy
from plein.core.errors import Forbidden, InvalidInput
from plein.core.events import emit_on_commit
from plein.core.tasks import enqueue_on_commit
from plein.core.uploads import validate_upload
from plein.knowledge.recognition.actions import do_award_point
from plein.knowledge.recognition.models import Point
from plein.notifications.actions import do_notify
from plein.people.models import User

logger = logging.getLogger(__name__)

PENDING_DAYS = 14
AFTER_PROCEDURE_DAYS = 28
PROCEDURE_MAX_DAYS = 365
YEAR_DAYS = 365
RENEWAL_DAYS = 28
# A consent link works this long after it was mailed; every mail (the
# request, a renewal, HR's resend) carries a fresh one.
LINK_MAX_AGE = timedelta(days=YEAR_DAYS + 35)

NAME_MAX_LENGTH = 200
WHY_MAX_LENGTH = 5000
NOTE_MAX_LENGTH = 500
TEXT_MAX_LENGTH = 5000

_LINK_SALT = "plein.careers.referrals.consent"


class Reason:
    """Why a candidate's data went (the erasure event's ``reason``)."""

    DECLINED = "declined"
    REQUEST = "request"  # the candidate asked, on their page or through HR
    RETENTION = "retention"


# Consent links -----------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def build_consent_token(secret: str) -> str:
    """The link's token: the secret, signed with the time it was made."""
    return signing.TimestampSigner(salt=_LINK_SALT).sign(secret)


def parse_consent_token(token: str) -> Consent | None:
    """The consent a link opens; None when forged, expired or already erased."""
    try:
        secret = signing.TimestampSigner(salt=_LINK_SALT).unsign(
            token[:200], max_age=LINK_MAX_AGE
        )
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return (
        Consent.objects.select_related("candidate", "candidate__referral")
        .filter(token_hash=_hash(secret))
        .first()
    )


def do_issue_consent_token(consent: Consent) -> str:
    """A fresh link for ``consent`` (an older link stops working); the token."""
    secret = secrets.token_urlsafe(32)
    Consent.objects.filter(pk=consent.pk).update(token_hash=_hash(secret))
    consent.token_hash = _hash(secret)
    return build_consent_token(secret)


# Retention dates ---------------------------------------------------------------


def build_erase_after(candidate: Candidate, consent: Consent) -> datetime:
    """When everything held about ``candidate`` goes, by the consent given."""
    ended = candidate.procedure_ended_at
    after_procedure = ended + timedelta(days=AFTER_PROCEDURE_DAYS) if ended else None
    if consent.scope == Consent.Scope.YEAR and consent.expires_at is not None:
        if after_procedure is not None:
            return max(consent.expires_at, after_procedure)
        return consent.expires_at
    if consent.scope == Consent.Scope.PROCEDURE and consent.given_at is not None:
        cap = consent.given_at + timedelta(days=PROCEDURE_MAX_DAYS)
        return min(after_procedure, cap) if after_procedure else cap
    # Not answered: the referral notice is kept for the consent mail only.
    return candidate.created_at + timedelta(days=PENDING_DAYS)


def _save_erase_after(candidate: Candidate, consent: Consent) -> None:
    candidate.erase_after = build_erase_after(candidate, consent)
    Candidate.objects.filter(pk=candidate.pk).update(
        erase_after=candidate.erase_after,
        procedure_ended_at=candidate.procedure_ended_at,
    )


# Notifying -------------------------------------------------------------------------


def list_hr_ids() -> list[int]:
    """Everyone who sees candidates (``can_manage_candidates``)."""
    # The roles narrow the query; the predicate stays the rule.
    people = User.objects.filter(
        is_active=True, role__in=(Role.ADMIN, Role.MODERATOR)
    ).only("pk", "role", "is_active")
    return [user.pk for user in people if can_manage_candidates(user)]


def list_referral_handler_ids(referral: Referral) -> list[int]:
    """HR, and the vacancy's author and contact when they manage it.

    Hiring managers are told only once the candidate agreed (they see
    nothing of a referral before: ``plein.access.referrals``).
    """
    ids = set(list_hr_ids())
    vacancy = referral.vacancy
    if vacancy is not None:
        people = [vacancy.post.author, vacancy.contact]
        for person in people:
            if person is not None and can_manage_vacancy(person, vacancy):
                ids.add(person.pk)
    return sorted(ids)


def _notify_referrer(referral: Referral, *, actor_id: int | None = None) -> None:
    """Tell the referrer their referral changed, without saying about whom.

    Only when they may see the change: the outcome of the procedure only
    with the candidate's leave (``referrer_sees_status``); consent given,
    declined and expired always.
    """
    if referral.referrer_id is None:
        return
    if referral.status in HR_STATUSES and not referral.referrer_sees_status:
        return
    do_notify(
        [referral.referrer_id],
        kind="referral_status",
        key=f"referral-status:{referral.pk}:{referral.status}",
        actor_id=actor_id,
        target=referral,
    )


# Referring -------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """A CV as the form or the API received it."""

    filename: str
    content_type: str
    data: bytes


def _clean_text(value: str, field: str, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("This field is required."), field=field)
    if len(value) > limit:
        raise InvalidInput(
            _("Keep it under %(limit)d characters.") % {"limit": limit}, field=field
        )
    return value


def _clean_contact(name: str, email: str, phone: str) -> tuple[str, str, str]:
    """The candidate's name, e-mail address and phone, checked; fields named."""
    name = _clean_text(name, "name", NAME_MAX_LENGTH, required=True)
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("Enter a valid e-mail address."), field="email") from None
    return name, email, _clean_text(phone, "phone", 40)


def _checked_cv(cv: UploadedFile | None) -> Any:
    """The upload rules for a CV (not an image); None for no file."""
    if cv is None:
        return None
    checked = validate_upload(cv.filename, cv.content_type, cv.data)
    if checked.is_image:
        raise InvalidInput(_("Upload the CV as a PDF or document."), field="cv")
    return checked


def check_refer_candidate(
    actor: User,
    *,
    name: str,
    email: str,
    phone: str = "",
    vacancy: Vacancy | None = None,
    language: str = Language.NL,
) -> Referral:
    """Refer someone from outside; they get a mail asking for consent.

    Only the referral notice: nothing more about the candidate is kept
    before they agree (the referrer adds why and the CV afterwards,
    :func:`check_add_referral_details`). ``vacancy`` comes from
    ``access_vacancy`` (the referrer must see its post) and must be open;
    None is a referral without a matching role. Raises InvalidInput naming
    the field ("name", "email", "phone", "vacancy"), Forbidden for guests.
    """
    if not can_refer(actor):
        raise Forbidden()
    name, email, phone = _clean_contact(name, email, phone)
    if vacancy is not None and not vacancy.takes_applications:
        raise InvalidInput(
            _("This vacancy is no longer open: refer them without one."),
            field="vacancy",
        )
    if language not in Language.values:
        language = Language.NL
    return do_refer_candidate(
        actor,
        name=name,
        email=email,
        phone=phone,
        vacancy=vacancy,
        language=language,
    )


def do_refer_candidate(
    actor: User,
    *,
    name: str,
    email: str,
    phone: str,
    vacancy: Vacancy | None,
    language: str,
) -> Referral:
    """Write the candidate, their pending consent and the referral.

    Runs in the caller's transaction. After commit the consent mail goes
    (``tasks.send_consent_request``) and HR is told that a referral came in
    (without the candidate's name). Emits ``referrals.referral.created``.
    """
    referral = _write_referral(
        actor,
        name=name,
        email=email,
        phone=phone,
        vacancy=vacancy,
        language=language,
    )
    from plein.careers.referrals.tasks import send_consent_request

    enqueue_on_commit(send_consent_request, candidate_id=referral.candidate_id)
    hr_ids = list_hr_ids()
    do_notify(
        hr_ids,
        kind="referral_new",
        key=f"referral-new:{referral.pk}",
        actor_id=actor.pk,
        target=referral,
    )
    emit_on_commit(
        "referrals.referral.created",
        {"referral_id": referral.pk, "vacancy_id": vacancy.pk if vacancy else None},
        hr_ids,
        actor_id=actor.pk,
    )
    return referral


def _put_cv(
    candidate: Candidate, name: str, content_type: str, data: bytes
) -> list[str]:
    """Store a checked CV on ``candidate`` (not saved); the fields it set."""
    candidate.cv_name = name
    candidate.cv_type = content_type
    candidate.cv_size = len(data)
    candidate.cv.save(name, ContentFile(data), save=False)
    return ["cv", "cv_name", "cv_type", "cv_size"]


def _write_referral(
    actor: User,
    *,
    name: str,
    email: str,
    phone: str,
    vacancy: Vacancy | None,
    language: str,
    through_share_link: bool = False,
) -> Referral:
    """The candidate, their pending consent and the referral rows; no more."""
    now = timezone.now()
    candidate = Candidate(
        name=name,
        email=email,
        phone=phone,
        language=language,
        created_at=now,
        erase_after=now + timedelta(days=PENDING_DAYS),
    )
    candidate.save()
    Consent.objects.create(
        candidate=candidate, token_hash=_hash(secrets.token_urlsafe(32))
    )
    referral = Referral.objects.create(
        referrer=actor,
        candidate=candidate,
        vacancy=vacancy,
        through_share_link=through_share_link,
        created_at=now,
        status_changed_at=now,
    )
    return referral


def check_apply_through_share_link(
    link: Any,
    vacancy: Vacancy,
    *,
    name: str,
    email: str,
    phone: str = "",
    language: str = Language.NL,
    motivation: str = "",
    cv: UploadedFile | None = None,
    scope: str = "",
    referrer_sees_status: bool = False,
) -> Referral:
    """Someone from outside applies on the public page, through a share link.

    ``link`` is the colleague's share link (``resolve_share_token``) for
    ``vacancy``, which must be public and take applications; the colleague
    must still be able to refer. The applicant gives their consent in the
    same step (``scope``: this procedure or a year), so their details, own
    motivation and CV are kept from the start; the application is a
    referral by the colleague who shared the link. Raises InvalidInput
    naming "name", "email", "phone", "motivation", "cv", "scope" or
    "vacancy".
    """
    if scope not in (Consent.Scope.PROCEDURE, Consent.Scope.YEAR):
        raise InvalidInput(_("Choose what you agree to."), field="scope")
    if link is None or link.vacancy_id != vacancy.pk or not can_refer(link.person):
        raise InvalidInput(
            _("This link no longer works: contact the organisation directly."),
            field="vacancy",
        )
    if not vacancy.takes_applications:
        raise InvalidInput(_("This vacancy is no longer open."), field="vacancy")
    name, email, phone = _clean_contact(name, email, phone)
    motivation = _clean_text(motivation, "motivation", WHY_MAX_LENGTH)
    if language not in Language.values:
        language = Language.NL
    checked = _checked_cv(cv)
    # Consent follows at once, and with it the notices: no consent request.
    referral = _write_referral(
        link.person,
        name=name,
        email=email,
        phone=phone,
        vacancy=vacancy,
        language=language,
        through_share_link=True,
    )
    candidate = Candidate.objects.select_related("consent").get(referral=referral)
    candidate.motivation = motivation
    fields = ["motivation"]
    if checked is not None and cv is not None:
        fields += _put_cv(candidate, checked.name, checked.content_type, cv.data)
    candidate.save(update_fields=fields)
    do_give_consent(
        candidate.consent, scope=scope, referrer_sees_status=referrer_sees_status
    )
    from plein.careers.referrals.tasks import send_consent_request

    # The receipt: a link to their own page, where they see what is held,
    # change their consent, download or erase it.
    enqueue_on_commit(send_consent_request, candidate_id=candidate.pk)
    emit_on_commit(
        "referrals.referral.applied",
        {"referral_id": referral.pk, "vacancy_id": vacancy.pk},
        actor_id=None,
    )
    referral.refresh_from_db()
    return referral


def check_add_referral_details(
    actor: User,
    referral: Referral,
    *,
    why: str = "",
    cv: UploadedFile | None = None,
) -> Candidate:
    """The referrer's motivation and the candidate's CV, after consent.

    Only the referrer, only once the candidate agreed and while the
    procedure runs: before that, nothing beyond the notice may be kept.
    A new CV replaces the old one; an empty ``why`` leaves it as it was
    when a CV comes with it. Raises InvalidInput naming "why", "cv" or
    "referral", Forbidden for anyone but the referrer.
    """
    if referral.referrer_id != actor.pk or not can_refer(actor):
        raise Forbidden()
    if not can_add_referral_details(actor, referral):
        raise InvalidInput(
            _(
                "You can add this once the candidate has agreed, while the "
                "procedure runs."
            ),
            field="referral",
        )
    why = _clean_text(why, "why", WHY_MAX_LENGTH)
    checked = _checked_cv(cv)
    if not why and cv is None:
        raise InvalidInput(_("Write why, or add the CV."), field="why")
    return do_add_referral_details(
        actor,
        referral,
        why=why,
        cv=(checked.name, checked.content_type, cv.data) if checked and cv else None,
    )


def do_add_referral_details(
    actor: User,
    referral: Referral,
    *,
    why: str,
    cv: tuple[str, str, bytes] | None,
) -> Candidate:
    """Write why and the CV on the candidate (locked); the old CV goes.

    Runs in the caller's transaction. HR is told (``referral_new``, keyed
    per referral so a second edit does not notify again). Emits
    ``referrals.candidate.details_added`` with ids only.
    """
    candidate = Candidate.objects.select_for_update().get(referral=referral)
    fields = []
    if why:
        candidate.why = why
        fields.append("why")
    old_file = candidate.cv.name if candidate.cv else ""
    if cv is not None:
        fields += _put_cv(candidate, *cv)
    candidate.save(update_fields=fields)
    if cv is not None and old_file:
        storage = candidate.cv.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    do_notify(
        list_referral_handler_ids(referral),
        kind="referral_new",
        key=f"referral-details:{referral.pk}",
        actor_id=actor.pk,
        target=referral,
    )
    emit_on_commit(
        "referrals.candidate.details_added",
        {"referral_id": referral.pk},
        actor_id=actor.pk,
    )
    return candidate


def do_claim_consent_mail(candidate_id: int, *, renewal: bool = False) -> str | None:
    """Claim the right to send a consent (or renewal) mail; its fresh token.

    A conditional update on ``mail_sent_at`` (``renewal_sent_at``), so a
    task run twice or the daily run and a retry send one mail. None when
    already sent or the candidate is gone. The caller sends the mail and,
    when sending fails, calls :func:`do_release_consent_mail`.
    """
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    qs = Consent.objects.filter(pk=candidate_id)
    if renewal:
        claimed = qs.filter(
            renewal_sent_at__isnull=True, scope=Consent.Scope.YEAR
        ).update(renewal_sent_at=now, token_hash=_hash(secret))
    else:
        claimed = qs.filter(mail_sent_at__isnull=True).update(
            mail_sent_at=now, token_hash=_hash(secret)
        )
    return build_consent_token(secret) if claimed else None


def do_release_consent_mail(candidate_id: int, *, renewal: bool = False) -> None:
    """Undo a claim after the mail could not be sent, so a retry sends it."""
    field = "renewal_sent_at" if renewal else "mail_sent_at"
    Consent.objects.filter(pk=candidate_id).update(**{field: None})


def check_resend_consent_request(actor: User, referral: Referral) -> None:
    """HR sends the consent mail again (the candidate lost it, or it bounced)."""
    if not can_manage_candidates(actor):
        raise Forbidden()
    candidate = referral.candidate
    if candidate is None or referral.status != Referral.Status.AWAITING:
        raise InvalidInput(
            _("Only a referral awaiting consent can be mailed again."),
            field="referral",
        )
    Consent.objects.filter(pk=candidate.pk).update(mail_sent_at=None)
    from plein.careers.referrals.tasks import send_consent_request

    enqueue_on_commit(send_consent_request, candidate_id=candidate.pk)
    emit_on_commit(
        "referrals.consent.resent", {"referral_id": referral.pk}, actor_id=actor.pk
    )


# The candidate's answers (their consent page) ------------------------------------


def _locked(consent: Consent) -> tuple[Candidate, Consent, Referral | None]:
    """Lock the candidate's rows so two answers at once cannot both apply."""
    candidate = Candidate.objects.select_for_update().get(pk=consent.pk)
    fresh = Consent.objects.select_for_update().get(pk=consent.pk)
    referral = Referral.objects.select_for_update().filter(candidate=candidate).first()
    return candidate, fresh, referral


def do_give_consent(
    consent: Consent, *, scope: str, referrer_sees_status: bool = False
) -> Consent:
    """The candidate agrees: for this procedure only, or to be kept a year.

    Also their answer to "may the referrer follow the status?". Going from
    a year back to the procedure only ends every share and pool membership
    at once. Runs in the caller's transaction (locks the candidate's rows).
    Emits ``referrals.consent.given``; the referrer is told consent was
    given (not by whom: they know).
    """
    if scope not in (Consent.Scope.PROCEDURE, Consent.Scope.YEAR):
        raise InvalidInput(_("Choose what you agree to."), field="scope")
    candidate, consent, referral = _locked(consent)
    now = timezone.now()
    was_given = consent.is_given
    consent.scope = scope
    consent.given_at = consent.given_at or now
    if scope == Consent.Scope.YEAR:
        if consent.expires_at is None or consent.expires_at <= now:
            consent.expires_at = now + timedelta(days=YEAR_DAYS)
        consent.renewal_sent_at = None
    else:
        consent.expires_at = None
        CandidateShare.objects.filter(candidate=candidate).delete()
        PoolCandidate.objects.filter(candidate=candidate).delete()
    consent.save(update_fields=["scope", "given_at", "expires_at", "renewal_sent_at"])
    CandidateShare.objects.filter(candidate=candidate).update(
        expires_at=consent.expires_at or now
    )
    _save_erase_after(candidate, consent)
    if referral is not None:
        referral.referrer_sees_status = bool(referrer_sees_status)
        fields = ["referrer_sees_status"]
        if referral.status == Referral.Status.AWAITING:
            referral.status = Referral.Status.CONSENTED
            referral.status_changed_at = now
            fields += ["status", "status_changed_at"]
        referral.save(update_fields=fields)
        if not was_given:
            _notify_referrer(referral)
            do_notify(
                list_referral_handler_ids(referral),
                kind="referral_new",
                key=f"referral-consent:{referral.pk}",
                target=referral,
            )
    emit_on_commit(
        "referrals.consent.given",
        {"referral_id": referral.pk if referral else None, "scope": scope},
    )
    return consent


def do_renew_consent(consent: Consent) -> Consent:
    """The candidate keeps their year's consent for another year from today."""
    candidate, consent, referral = _locked(consent)
    if consent.scope != Consent.Scope.YEAR:
        raise InvalidInput(_("There is no consent to renew."), field="scope")
    consent.expires_at = timezone.now() + timedelta(days=YEAR_DAYS)
    consent.renewal_sent_at = None
    consent.save(update_fields=["expires_at", "renewal_sent_at"])
    CandidateShare.objects.filter(candidate=candidate).update(
        expires_at=consent.expires_at
    )
    _save_erase_after(candidate, consent)
    emit_on_commit(
        "referrals.consent.renewed",
        {"referral_id": referral.pk if referral else None},
    )
    return consent


def do_set_candidate_language(consent: Consent, language: str) -> None:
    """The language of the candidate's page and mails (Dutch or English)."""
    if language in Language.values:
        Candidate.objects.filter(pk=consent.pk).update(language=language)


def do_decline_consent(consent: Consent) -> None:
    """The candidate declines: everything goes now; the referrer sees "declined"."""
    do_erase_candidate(consent.candidate, reason=Reason.DECLINED)


def do_erase_candidate(
    candidate: Candidate, *, reason: str, actor: User | None = None
) -> None:
    """Erase everything held about a candidate, at once; keep the tombstone.

    Removes the candidate, their consent, passports and pool places, and
    the CV file. The referral stays without personal data:
    an open one becomes declined (``reason`` "declined"), withdrawn (the
    candidate asked) or expired (retention); a finished one keeps its
    outcome. Runs in the caller's transaction; idempotent (a candidate
    already gone is simply not there). Emits
    ``referrals.candidate.erased`` with ids and the reason only.
    """
    locked = Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    if locked is None:
        return
    referral = Referral.objects.select_for_update().filter(candidate=locked).first()
    file_name = locked.cv.name if locked.cv else ""
    storage = locked.cv.storage
    now = timezone.now()
    if referral is not None:
        referral.candidate = None
        referral.erased_at = now
        referral.referrer_sees_status = False
        fields = ["candidate", "erased_at", "referrer_sees_status"]
        if referral.is_open:
            referral.status = {
                Reason.DECLINED: Referral.Status.DECLINED,
                Reason.REQUEST: Referral.Status.WITHDRAWN,
            }.get(reason, Referral.Status.EXPIRED)
            referral.status_changed_at = now
            fields += ["status", "status_changed_at"]
        referral.save(update_fields=fields)
    candidate_id = locked.pk
    if file_name:
        # Before the row goes, not after commit: a worker killed between the
        # commit and an on-commit hook would leave the CV behind with
        # nothing pointing at it. A rolled-back erasure loses only a file
        # that was being erased anyway, and its row is erased on the next run.
        storage.delete(file_name)
    locked.delete()
    if referral is not None:
        _notify_referrer(referral, actor_id=actor.pk if actor else None)
    emit_on_commit(
        "referrals.candidate.erased",
        {
            "candidate_id": candidate_id,
            "referral_id": referral.pk if referral else None,
            "reason": reason,
        },
        actor_id=actor.pk if actor else None,
    )


def check_erase_candidate(actor: User, referral: Referral) -> None:
    """HR erases a candidate who asked them to (by phone, by mail)."""
    if not can_manage_candidates(actor):
        raise Forbidden()
    if referral.candidate is None:
        raise InvalidInput(
            _("This candidate's data is already gone."), field="referral"
        )
    do_erase_candidate(referral.candidate, reason=Reason.REQUEST, actor=actor)


# HR ------------------------------------------------------------------------------


def _require_consent(referral: Referral) -> tuple[Candidate, Consent]:
    candidate = referral.candidate
    consent = getattr(candidate, "consent", None) if candidate else None
    if candidate is None or consent is None or not consent.is_given:
        raise InvalidInput(
            _("The candidate has not agreed: nothing beyond the referral is shown."),
            field="referral",
        )
    return candidate, consent


def check_set_referral_status(actor: User, referral: Referral, status: str) -> Referral:
    """HR, or a manager of its vacancy, moves a consenting candidate on.

    "In procedure", "hired" or "not hired". An outcome ends the procedure:
    the four weeks of the consent for this procedure start counting. The
    referrer is told only when the candidate lets them follow the status.
    """
    if not can_handle_referral(actor, referral):
        raise Forbidden()
    if status not in HR_STATUSES:
        raise InvalidInput(_("Choose a status."), field="status")
    candidate, consent = _require_consent(referral)
    return do_set_referral_status(actor, referral, candidate, consent, status)


def do_set_referral_status(
    actor: User | None,
    referral: Referral,
    candidate: Candidate,
    consent: Consent,
    status: str,
) -> Referral:
    """Write the status and the procedure's end; see check_set_referral_status."""
    now = timezone.now()
    if referral.status == status:
        return referral
    referral.status = status
    referral.status_changed_at = now
    referral.save(update_fields=["status", "status_changed_at"])
    if status in ENDED_STATUSES:
        candidate.procedure_ended_at = candidate.procedure_ended_at or now
    else:
        candidate.procedure_ended_at = None
    _save_erase_after(candidate, consent)
    _notify_referrer(referral, actor_id=actor.pk if actor else None)
    emit_on_commit(
        "referrals.referral.status_changed",
        {"referral_id": referral.pk, "status": status},
        actor_id=actor.pk if actor else None,
    )
    return referral


def check_record_reward(
    actor: User, referral: Referral, *, description: str, amount: str = ""
) -> Referral:
    """HR records the reward for a hire (paid outside Plein).

    It counts for the referrer's recognition (a "referral" point, given by
    HR). Only for a hired referral, once.
    """
    if not can_manage_candidates(actor):
        raise Forbidden()
    if referral.status != Referral.Status.HIRED:
        raise InvalidInput(
            _("A reward is recorded for a hire only."), field="reward_description"
        )
    if referral.reward_recorded_at is not None:
        raise InvalidInput(
            _("The reward has been recorded already."), field="reward_description"
        )
    description = _clean_text(description, "reward_description", 200, required=True)
    value: Decimal | None = None
    if (amount or "").strip():
        try:
            value = Decimal(str(amount).strip().replace(",", "."))
        except InvalidOperation:
            value = None
        if value is None or value < 0 or value >= Decimal("10000000"):
            raise InvalidInput(_("Enter an amount in euros."), field="reward_amount")
    return do_record_reward(actor, referral, description=description, amount=value)


def do_record_reward(
    actor: User, referral: Referral, *, description: str, amount: Decimal | None
) -> Referral:
    """Write the reward and the referrer's recognition point (idempotent key)."""
    now = timezone.now()
    referral.reward_description = description
    referral.reward_amount = amount
    referral.reward_recorded_at = now
    referral.reward_recorded_by = actor
    referral.save(
        update_fields=[
            "reward_description",
            "reward_amount",
            "reward_recorded_at",
            "reward_recorded_by",
        ]
    )
    do_award_point(
        person_id=referral.referrer_id,
        giver_id=actor.pk,
        kind=Point.Kind.REFERRAL,
        source_key=f"referral:{referral.pk}",
        target_kind="referral",
        target_id=referral.pk,
        at=now,
    )
    if referral.referrer_id is not None:
        do_notify(
            [referral.referrer_id],
            kind="referral_status",
            key=f"referral-reward:{referral.pk}",
            actor_id=actor.pk,
            target=referral,
        )
    emit_on_commit(
        "referrals.reward.recorded", {"referral_id": referral.pk}, actor_id=actor.pk
    )
    return referral


def check_update_candidate(
    actor: User,
    referral: Referral,
    *,
    summary: str = "",
    skills: str = "",
    notes: str = "",
    phone: str = "",
) -> Candidate:
    """HR's summary, skills and notes on a consenting candidate."""
    if not can_manage_candidates(actor):
        raise Forbidden()
    candidate, _consent = _require_consent(referral)
    candidate.summary = _clean_text(summary, "summary", TEXT_MAX_LENGTH)
    candidate.skills = _clean_text(skills, "skills", 500)
    candidate.notes = _clean_text(notes, "notes", TEXT_MAX_LENGTH)
    candidate.phone = _clean_text(phone, "phone", 40)
    candidate.save(update_fields=["summary", "skills", "notes", "phone"])
    emit_on_commit(
        "referrals.candidate.updated", {"referral_id": referral.pk}, actor_id=actor.pk
    )
    return candidate


# Candidate passports -------------------------------------------------------------


def _require_year(referral: Referral) -> tuple[Candidate, Consent, datetime]:
    candidate, consent = _require_consent(referral)
    if not consent.is_year or consent.expires_at is None:
        raise InvalidInput(
            _(
                "The candidate agreed to this procedure only: they cannot be "
                "shared or put in a talent pool."
            ),
            field="referral",
        )
    return candidate, consent, consent.expires_at


def check_share_candidate(
    actor: User, referral: Referral, person: User, *, note: str = ""
) -> CandidateShare:
    """HR offers a consenting candidate to one named colleague (a passport).

    ``person`` comes from ``access_person``. Needs the candidate's year
    consent; the share expires with it, and the candidate sees it on their
    page. The colleague is told "a candidate was shared with you", no more.
    """
    if not can_manage_candidates(actor):
        raise Forbidden()
    candidate, _consent, expires_at = _require_year(referral)
    if not is_active_person(person) or is_outsider(person):
        raise InvalidInput(_("Choose a colleague."), field="person")
    note = _clean_text(note, "note", NOTE_MAX_LENGTH)
    if CandidateShare.objects.filter(candidate=candidate, shared_with=person).exists():
        raise InvalidInput(
            _("This colleague can see the candidate already."), field="person"
        )
    share = CandidateShare.objects.create(
        candidate=candidate,
        shared_with=person,
        shared_by=actor,
        note=note,
        expires_at=expires_at,
    )
    do_notify(
        [person.pk],
        kind="candidate_shared",
        key=f"candidate-shared:{share.pk}",
        actor_id=actor.pk,
        target=share,
    )
    emit_on_commit(
        "referrals.share.created",
        {"referral_id": referral.pk, "share_id": share.pk},
        [person.pk],
        actor_id=actor.pk,
    )
    return share


def check_end_share(actor: User, share: CandidateShare) -> None:
    """HR ends a passport share before its time."""
    if not can_manage_candidates(actor):
        raise Forbidden()
    share_id = share.pk
    share.delete()
    emit_on_commit("referrals.share.ended", {"share_id": share_id}, actor_id=actor.pk)


# Talent pools --------------------------------------------------------------------


def check_create_pool(actor: User, *, name: str, description: str = "") -> TalentPool:
    """HR adds a talent pool ("IT security", "graduates 2027")."""
    if not can_manage_candidates(actor):
        raise Forbidden()
    name = _clean_text(name, "name", 120, required=True)
    description = _clean_text(description, "description", 1000)
    if TalentPool.objects.filter(name__iexact=name).exists():
        raise InvalidInput(_("There is a pool with this name already."), field="name")
    pool = TalentPool.objects.create(
        name=name, description=description, created_by=actor
    )
    emit_on_commit("referrals.pool.created", {"pool_id": pool.pk}, actor_id=actor.pk)
    return pool


def check_add_pool_candidate(
    actor: User, pool: TalentPool, referral: Referral
) -> PoolCandidate:
    """HR puts a candidate with a year's consent in a pool."""
    if not can_manage_candidates(actor):
        raise Forbidden()
    candidate, _consent, _expires_at = _require_year(referral)
    entry, _created = PoolCandidate.objects.get_or_create(
        pool=pool, candidate=candidate, defaults={"added_by": actor}
    )
    emit_on_commit(
        "referrals.pool.candidate_added",
        {"pool_id": pool.pk, "referral_id": referral.pk},
        actor_id=actor.pk,
    )
    return entry


def check_remove_pool_candidate(actor: User, entry: PoolCandidate) -> None:
    if not can_manage_candidates(actor):
        raise Forbidden()
    entry.delete()


def check_set_pool_membership(actor: User, pool: TalentPool, *, joined: bool) -> None:
    """An employee opts in to (or out of) a pool for internal mobility.

    ``pool`` comes from ``access_pool``. Only HR sees who is in a pool.
    """
    if not can_refer(actor):
        raise Forbidden()
    if joined:
        if not pool.is_active:
            raise InvalidInput(
                pgettext("talent pool", "This pool takes no new members."),
                field="pool",
            )
        PoolMember.objects.get_or_create(pool=pool, person=actor)
    else:
        PoolMember.objects.filter(pool=pool, person=actor).delete()
    emit_on_commit(
        "referrals.pool.membership_changed",
        {"pool_id": pool.pk, "joined": joined},
        [actor.pk],
        actor_id=actor.pk,
    )


# Retention -----------------------------------------------------------------------


def due_candidates(now: datetime | None = None) -> Any:
    """Candidates whose time is up (the retention run erases them)."""
    return Candidate.objects.filter(erase_after__lte=now or timezone.now())


def do_end_procedures_of_closed_vacancies() -> int:
    """A vacancy that was filled or closed ends its candidates' procedure.

    Candidates still in it get ``procedure_ended_at`` = the vacancy's end, so
    their four weeks count from then. Idempotent.
    """
    ended = 0
    candidates = Candidate.objects.filter(
        procedure_ended_at__isnull=True,
        referral__vacancy__ended_at__isnull=False,
    ).select_related("consent", "referral__vacancy")
    for candidate in candidates.iterator(chunk_size=200):
        with transaction.atomic():
            vacancy = candidate.referral.vacancy
            if vacancy is None:  # the filter says otherwise; the type does not
                continue
            candidate.procedure_ended_at = vacancy.ended_at
            _save_erase_after(candidate, candidate.consent)
        ended += 1
    return ended


def list_renewals_due(now: datetime | None = None) -> Any:
    """Year consents ending within ``RENEWAL_DAYS`` whose renewal mail is unsent."""
    now = now or timezone.now()
    return Consent.objects.filter(
        scope=Consent.Scope.YEAR,
        renewal_sent_at__isnull=True,
        expires_at__gt=now,
        expires_at__lte=now + timedelta(days=RENEWAL_DAYS),
    )


def do_erase_due_candidates(ids: list[int] | None = None) -> list[int]:
    """Erase the candidates whose time is up, one transaction each.

    ``ids`` narrows to a batch (the compliance purge); each is checked again
    under its lock, so a renewal that came in meanwhile wins. Returns the
    ids erased.
    """
    qs = due_candidates()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    erased = []
    for candidate_id in list(qs.values_list("pk", flat=True)):
        with transaction.atomic():
            candidate = (
                Candidate.objects.select_for_update()
                .filter(Q(pk=candidate_id) & Q(erase_after__lte=timezone.now()))
                .first()
            )
            if candidate is None:
                continue
            do_erase_candidate(candidate, reason=Reason.RETENTION)
        erased.append(candidate_id)
    return erased


def do_notify_pool_suggestions(post_id: int) -> int:
    """Notify HR once when a vacancy has matching pool members; how many match.

    The notification is about the vacancy's post, so HR members who cannot
    see it (a vacancy in a secret group) are not told; it names nobody.
    """
    from plein.careers.referrals.queries import suggest_pool_members

    vacancy = (
        Vacancy.objects.select_related("post", "department").filter(pk=post_id).first()
    )
    if vacancy is None or not vacancy.is_open:
        return 0
    found = len(suggest_pool_members(vacancy))
    if found:
        do_notify(
            list_hr_ids(),
            kind="pool_suggestions",
            key=f"pool-suggestions:{vacancy.pk}",
            post_id=vacancy.pk,
        )
    return found
