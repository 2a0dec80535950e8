"""Reads for referral pages, the candidate's page, HR's figures and pools.

Every function takes what ``plein.access`` already fetched or filters
through it. What a referrer sees of their referral is decided here, in one
place (:func:`build_referrer_view`): the candidate's name they typed
themselves while it is held, and the status only as far as the candidate
allows.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import pgettext

from plein.access.posts import can_view_post
from plein.access.referrals import (
    can_add_referral_details,
    handled_referrals,
    visible_pools,
    visible_referrals,
    visible_shares,
)
from plein.careers.referrals.models import (
    HR_STATUSES,
    Candidate,
    CandidateShare,
    Consent,
    PoolCandidate,
    PoolMember,
    Referral,
    TalentPool,
)
from plein.careers.vacancies.models import Vacancy
from plein.knowledge.expertise.models import Evidence
from plein.knowledge.expertise.topics import topic_words

# Aggregates never show groups under this many.
MIN_GROUP = 5


# What the referrer sees ----------------------------------------------------------


@dataclass(frozen=True)
class ReferrerView:
    """One referral as its referrer sees it."""

    pk: int
    created_at: datetime
    candidate_name: str  # what they typed, while it is held; "" once erased
    vacancy_title: str
    status_label: str
    is_erased: bool
    reward_description: str
    reward_recorded_at: datetime | None
    # Once the candidate agreed and while the procedure runs, the referrer
    # adds why and the CV (never before: nothing more is kept).
    can_add_details: bool = False
    has_details: bool = False


def build_referrer_status(referral: Referral) -> str:
    """The status the referrer may see.

    Awaiting, declined, withdrawn and expired always; the procedure's steps
    and outcome only with the candidate's leave. Otherwise: "consent given"
    (the rest is between the candidate and HR).
    """
    if referral.status in HR_STATUSES and not referral.referrer_sees_status:
        return str(Referral.Status.CONSENTED.label)
    return str(Referral.Status(referral.status).label)


def build_referrer_view(user: Any, referral: Referral) -> ReferrerView:
    vacancy = referral.vacancy
    title = ""
    if vacancy is not None and can_view_post(user, vacancy.post):
        title = vacancy.post.title
    candidate = referral.candidate
    return ReferrerView(
        pk=referral.pk,
        created_at=referral.created_at,
        candidate_name=candidate.name if candidate is not None else "",
        vacancy_title=title,
        status_label=build_referrer_status(referral),
        is_erased=candidate is None,
        reward_description=referral.reward_description,
        reward_recorded_at=referral.reward_recorded_at,
        can_add_details=can_add_referral_details(user, referral),
        has_details=bool(candidate and (candidate.why or candidate.cv_name)),
    )


def list_my_referrals(user: Any) -> list[ReferrerView]:
    """The referrals ``user`` made, newest first, as they may see them."""
    referrals = (
        visible_referrals(user)
        .filter(referrer_id=user.pk)
        .select_related(
            "candidate",
            "candidate__consent",
            "vacancy__post",
            "vacancy__post__group",
        )
        .order_by("-created_at", "-pk")
    )
    return [build_referrer_view(user, r) for r in referrals]


# What HR sees --------------------------------------------------------------------


def list_hr_referrals(user: Any, *, status: str = "") -> list[Referral]:
    """The referrals the user handles, newest first (``handled_referrals``)."""
    qs = handled_referrals(user).select_related(
        "candidate", "candidate__consent", "referrer", "vacancy__post"
    )
    if status in Referral.Status.values:
        qs = qs.filter(status=status)
    return list(qs.order_by("-created_at", "-pk")[:500])


@dataclass
class CandidateRecord:
    """The candidate's record as HR sees it: the notice only before consent."""

    referral: Referral
    candidate: Candidate | None
    consent: Consent | None
    has_consent: bool
    shares: list[CandidateShare] = field(default_factory=list)
    pools: list[TalentPool] = field(default_factory=list)


def build_candidate_record(referral: Referral) -> CandidateRecord:
    candidate = referral.candidate
    consent = getattr(candidate, "consent", None) if candidate else None
    has_consent = bool(consent and consent.is_given)
    shares: list[CandidateShare] = []
    pools: list[TalentPool] = []
    if candidate is not None and has_consent:
        shares = list(
            CandidateShare.objects.filter(candidate=candidate)
            .select_related("shared_with", "shared_by")
            .order_by("created_at")
        )
        pools = list(TalentPool.objects.filter(candidates__candidate=candidate))
    return CandidateRecord(
        referral=referral,
        candidate=candidate,
        consent=consent,
        has_consent=has_consent,
        shares=shares,
        pools=pools,
    )


# What the candidate sees ---------------------------------------------------------


def build_candidate_data(candidate: Candidate) -> dict[str, Any]:
    """Everything held about the candidate, for their page and download.

    Names the colleagues they were shared with (every share is theirs to
    see) and the pools they are in. HR's internal notes are included: the
    candidate has the right to see them.
    """
    consent = candidate.consent
    referral = getattr(candidate, "referral", None)
    vacancy = referral.vacancy if referral is not None else None
    shares = (
        CandidateShare.objects.filter(candidate=candidate)
        .select_related("shared_with")
        .order_by("created_at")
    )
    return {
        "name": candidate.name,
        "email": candidate.email,
        "phone": candidate.phone,
        "language": candidate.language,
        "referred_by": referral.referrer.full_name
        if referral is not None and referral.referrer is not None
        else "",
        "referred_at": candidate.created_at.isoformat(),
        "vacancy": vacancy.post.title if vacancy is not None else "",
        "why": candidate.why,
        "motivation": candidate.motivation,
        "applied_through_share_link": bool(referral and referral.through_share_link),
        "cv": {"name": candidate.cv_name, "size": candidate.cv_size}
        if candidate.cv_name
        else None,
        "summary": candidate.summary,
        "skills": candidate.skills,
        "notes": candidate.notes,
        "status": str(Referral.Status(referral.status).label) if referral else "",
        "consent": {
            "scope": consent.scope or "pending",
            "given_at": consent.given_at.isoformat() if consent.given_at else None,
            "expires_at": consent.expires_at.isoformat()
            if consent.expires_at
            else None,
            "referrer_sees_status": bool(referral and referral.referrer_sees_status),
        },
        "erase_after": candidate.erase_after.isoformat(),
        "shared_with": [
            {
                "name": share.shared_with.full_name,
                "since": share.created_at.isoformat(),
                "until": share.expires_at.isoformat(),
            }
            for share in shares
        ],
        "talent_pools": list(
            TalentPool.objects.filter(candidates__candidate=candidate).values_list(
                "name", flat=True
            )
        ),
    }


# Candidate passports -------------------------------------------------------------


def list_passports(user: Any) -> list[CandidateShare]:
    """The candidates shared with ``user`` (still valid), newest first."""
    return list(
        visible_shares(user)
        .select_related("candidate", "shared_by")
        .order_by("-created_at")
    )


# Talent pools ----------------------------------------------------------------------


@dataclass(frozen=True)
class PoolChoice:
    pool: TalentPool
    joined: bool


def list_pool_choices(user: Any) -> list[PoolChoice]:
    """The open pools and whether ``user`` opted in (their own choice only)."""
    joined = set(
        PoolMember.objects.filter(person_id=user.pk).values_list("pool_id", flat=True)
    )
    pools = visible_pools(user).filter(Q(is_active=True) | Q(pk__in=joined))
    return [PoolChoice(pool, pool.pk in joined) for pool in pools]


def list_pools_with_counts(user: Any) -> list[TalentPool]:
    """Every pool with its member counts (HR)."""
    return list(
        visible_pools(user).annotate(
            candidate_count=Count("candidates", distinct=True),
            member_count=Count("members", distinct=True),
        )
    )


def list_pool_members(pool: TalentPool) -> tuple[list[PoolCandidate], list[PoolMember]]:
    """Who is in ``pool`` (HR only: the caller fetched it ``for_manage``)."""
    candidates = list(
        PoolCandidate.objects.filter(pool=pool)
        .select_related("candidate", "candidate__referral")
        .order_by("added_at")
    )
    members = list(
        PoolMember.objects.filter(pool=pool, person__is_active=True)
        .select_related("person")
        .order_by("joined_at")
    )
    return candidates, members


@dataclass
class Suggestion:
    """A pool member who may fit a vacancy, and why."""

    pool: TalentPool
    score: int
    words: list[str]
    person: Any = None  # an employee who opted in
    candidate: Candidate | None = None
    referral_id: int | None = None


def _stems(text: str) -> dict[str, str]:
    """stem -> word, for both languages' stems of ``text``'s topic words."""
    found: dict[str, str] = {}
    for word in topic_words(text):
        found.setdefault(word.stem_nl, word.word)
        found.setdefault(word.stem_en, word.word)
    return found


def build_vacancy_text(vacancy: Vacancy) -> str:
    post = vacancy.post
    department = vacancy.department.name if vacancy.department else ""
    return " ".join((post.title or "", post.body, vacancy.requirements, department))


def list_open_vacancies(user: Any) -> list[Vacancy]:
    """Open vacancies the user may see, newest first (HR's suggestion links)."""
    from plein.access.vacancies import visible_vacancies

    return list(
        visible_vacancies(user)
        .filter(status=Vacancy.Status.OPEN)
        .select_related("post")
        .order_by("-created_at")[:50]
    )


def suggest_pool_members(vacancy: Vacancy, *, limit: int = 50) -> list[Suggestion]:
    """Pool members who match a vacancy, best first (shown to HR only).

    A member scores 2 when their pool's name or description shares a word
    with the vacancy, plus 1 per matching skill: an employee's skills and
    topics from the expertise finder that they stated or confirmed
    (``Evidence.is_shown``), a candidate's skills as HR noted them. Only
    candidates whose year's consent still runs are suggested.
    """
    wanted = _stems(build_vacancy_text(vacancy))
    if not wanted:
        return []
    suggestions: list[Suggestion] = []
    for pool in TalentPool.objects.all():
        pool_words = {
            wanted[s] for s in _stems(f"{pool.name} {pool.description}") if s in wanted
        }
        candidates, members = list_pool_members(pool)
        for entry in candidates:
            consent = Consent.objects.filter(
                pk=entry.candidate_id, scope=Consent.Scope.YEAR
            ).first()
            if consent is None:
                continue
            skills = {wanted[s] for s in _stems(entry.candidate.skills) if s in wanted}
            score = (2 if pool_words else 0) + len(skills)
            if score:
                referral = getattr(entry.candidate, "referral", None)
                suggestions.append(
                    Suggestion(
                        pool=pool,
                        score=score,
                        words=sorted(pool_words | skills),
                        candidate=entry.candidate,
                        referral_id=referral.pk if referral else None,
                    )
                )
        shown = _shown_topics([m.person_id for m in members], set(wanted))
        for member in members:
            skills = {wanted[s] for s in shown.get(member.person_id, set())}
            score = (2 if pool_words else 0) + len(skills)
            if score:
                suggestions.append(
                    Suggestion(
                        pool=pool,
                        score=score,
                        words=sorted(pool_words | skills),
                        person=member.person,
                    )
                )
    suggestions.sort(key=lambda s: (-s.score, s.pool.name))
    return suggestions[:limit]


def _shown_topics(person_ids: list[int], stems: set[str]) -> dict[int, set[str]]:
    """The matching stems of each person's stated or confirmed expertise."""
    found: dict[int, set[str]] = {}
    if not person_ids:
        return found
    rows = Evidence.objects.filter(
        Q(stem_nl__in=stems) | Q(stem_en__in=stems),
        person_id__in=person_ids,
        is_shown=True,
        is_hidden=False,
    ).values_list("person_id", "stem_nl", "stem_en")
    for person_id, stem_nl, stem_en in rows:
        found.setdefault(person_id, set()).update(
            s for s in (stem_nl, stem_en) if s in stems
        )
    return found


# HR's figures --------------------------------------------------------------------


def referral_figures(since: datetime, until: datetime) -> dict[str, Any]:
    """Referral conversion for HR: referrals made in [since, until) and hires.

    ``conversion`` is the share of those referrals that led to a hire, or
    None when fewer than five referrals were made (no figures about groups
    under five). Counts tombstones too: an erased candidate was still a
    referral.
    """
    qs = Referral.objects.filter(created_at__gte=since, created_at__lt=until)
    counts = qs.aggregate(
        referrals=Count("pk"),
        hired=Count("pk", filter=Q(status=Referral.Status.HIRED)),
        rewarded=Count("pk", filter=Q(reward_recorded_at__isnull=False)),
    )
    total = int(counts["referrals"] or 0)
    too_few = total < MIN_GROUP
    hired = int(counts["hired"] or 0)
    return {
        "since": since,
        "until": until,
        "referrals": total,
        "hired": None if too_few else hired,
        "rewarded": None if too_few else int(counts["rewarded"] or 0),
        "conversion": None if too_few else round(hired / total, 4),
        "label": pgettext("insights", "Referral conversion"),
    }
