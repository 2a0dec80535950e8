"""Who may see referrals, candidates, candidate passports and talent pools.

Candidates are people from outside. What is held about them is seen by HR
(``can_manage_candidates``: organisation admins and moderators), by the
managers of the vacancy a candidate was referred to (its author and the
hiring managers of its department, ``plein.access.vacancies``) once the
candidate agreed, by the colleagues HR named in a share (the candidate
passport) while the candidate's consent lasts, and by nobody else:
everyone else gets the same ``NotFound`` as for something that does not
exist. Sharing, pools, rewards and erasure stay with HR. A referrer sees their own referrals, with only the status
the candidate lets them see (``plein.careers.referrals.queries``).

Talent pools' names are for every colleague (to opt in for internal
mobility); who is in a pool is for HR only.
"""

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from plein.access.people import (
    is_active_person,
    is_alumni,
    is_moderator,
    is_outsider,
)
from plein.access.posts import visible_post_filter
from plein.access.vacancies import is_hiring_manager, managed_vacancy_filter
from plein.core.errors import NotFound

if TYPE_CHECKING:
    from plein.careers.referrals.models import (
        CandidateShare,
        Referral,
        TalentPool,
    )


def can_manage_candidates(user: Any) -> bool:
    """HR: organisation admins and moderators see and manage every candidate."""
    return is_moderator(user)


def can_refer(user: Any) -> bool:
    """Colleagues and alumni refer candidates; guests are outside."""
    if not is_active_person(user):
        return False
    return not is_outsider(user) or is_alumni(user)


def _handled_filter(user: Any) -> Q:
    """The referrals a vacancy manager handles: to their vacancies, agreed to.

    Not before the candidate agreed (the notice is HR's alone), and only
    while the manager may see the vacancy's post.
    """
    from plein.careers.referrals.models import HANDLED_STATUSES

    return (
        Q(vacancy__isnull=False, status__in=HANDLED_STATUSES)
        & managed_vacancy_filter(user, prefix="vacancy__")
        & visible_post_filter(user, prefix="vacancy__post__")
    )


def handled_referrals(
    user: Any, qs: "QuerySet[Referral] | None" = None
) -> "QuerySet[Referral]":
    """The referrals whose candidate record the user works with.

    Every one for HR; for a vacancy's managers, those referred to it once
    the candidate agreed; nothing for anyone else.
    """
    from plein.careers.referrals.models import Referral

    qs = Referral.objects.all() if qs is None else qs
    if not is_active_person(user) or is_outsider(user):
        return qs.none()
    if can_manage_candidates(user):
        return qs
    return qs.filter(_handled_filter(user))


def can_handle_referrals(user: Any) -> bool:
    """Whether the user has a list of referrals to handle (HR, vacancy managers)."""
    if not is_active_person(user) or is_outsider(user):
        return False
    if can_manage_candidates(user):
        return True
    return is_hiring_manager(user)


def can_handle_referral(user: Any, referral: "Referral") -> bool:
    return handled_referrals(user).filter(pk=referral.pk).exists()


def can_add_referral_details(user: Any, referral: "Referral") -> bool:
    """The referrer adds why and a CV once the candidate agreed, while it runs.

    Never before consent: nothing beyond the referral notice is kept then.
    """
    from plein.careers.referrals.models import Referral

    if referral.referrer_id != getattr(user, "pk", None) or not can_refer(user):
        return False
    candidate = referral.candidate
    consent = getattr(candidate, "consent", None) if candidate else None
    if consent is None or not consent.is_given:
        return False
    return referral.status in (Referral.Status.CONSENTED, Referral.Status.IN_PROCEDURE)


def visible_referrals(
    user: Any, qs: "QuerySet[Referral] | None" = None
) -> "QuerySet[Referral]":
    """Every referral for HR; one's own and those one handles for others."""
    from plein.careers.referrals.models import Referral

    qs = Referral.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    if can_manage_candidates(user):
        return qs
    if is_outsider(user):
        return qs.filter(referrer_id=user.pk)
    return qs.filter(Q(referrer_id=user.pk) | _handled_filter(user))


def can_view_referral(user: Any, referral: "Referral") -> bool:
    if not is_active_person(user):
        return False
    if referral.referrer_id == user.pk:
        return True
    return can_handle_referral(user, referral)


def access_referral(
    user: Any, referral_id: int | str, *, for_manage: bool = False
) -> "Referral":
    """Fetch a referral the user may see, or raise NotFound.

    ``for_manage``: the candidate's record, for HR and the vacancy's
    managers (``handled_referrals``); a referrer gets NotFound for their
    own referral there: the full record is not theirs to see.
    """
    from plein.careers.referrals.models import Referral

    scope = handled_referrals(user) if for_manage else visible_referrals(user)
    try:
        return scope.select_related(
            "candidate", "candidate__consent", "vacancy__post"
        ).get(pk=int(referral_id))
    except (Referral.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


# Candidate passports -----------------------------------------------------------


def visible_shares(
    user: Any, qs: "QuerySet[CandidateShare] | None" = None
) -> "QuerySet[CandidateShare]":
    """The passports shared with the user that are still valid.

    Valid: not expired, and the candidate's consent is still the year's
    (a share only exists with it; erasure removes the share as well).
    Not even HR sees a passport shared with someone else here: HR reads the
    candidate's full record instead.
    """
    from plein.careers.referrals.models import CandidateShare, Consent

    qs = CandidateShare.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    if is_outsider(user):
        # Guests and alumni are outside the organisation: never named.
        return qs.none()
    return qs.filter(
        shared_with_id=user.pk,
        expires_at__gt=timezone.now(),
        candidate__consent__scope=Consent.Scope.YEAR,
        candidate__consent__expires_at__gt=timezone.now(),
    )


def can_view_passport(user: Any, share: "CandidateShare") -> bool:
    return visible_shares(user).filter(pk=share.pk).exists()


def access_passport(user: Any, share_id: int | str) -> "CandidateShare":
    """Fetch a passport shared with the user, or raise NotFound."""
    from plein.careers.referrals.models import CandidateShare

    try:
        return (
            visible_shares(user)
            .select_related("candidate", "candidate__consent", "shared_by")
            .get(pk=int(share_id))
        )
    except (CandidateShare.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


# Talent pools --------------------------------------------------------------------


def visible_pools(
    user: Any, qs: "QuerySet[TalentPool] | None" = None
) -> "QuerySet[TalentPool]":
    """Pools by name: every colleague (to opt in), all of them for HR."""
    from plein.careers.referrals.models import TalentPool

    qs = TalentPool.objects.all() if qs is None else qs
    if not can_refer(user):
        return qs.none()
    if can_manage_candidates(user):
        return qs
    return qs.filter(is_active=True)


def access_pool(
    user: Any, pool_id: int | str, *, for_manage: bool = False
) -> "TalentPool":
    """Fetch a pool, or raise NotFound; ``for_manage``: HR only."""
    from plein.careers.referrals.models import TalentPool

    if for_manage and not can_manage_candidates(user):
        raise NotFound()
    try:
        return visible_pools(user).get(pk=int(pool_id))
    except (TalentPool.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
