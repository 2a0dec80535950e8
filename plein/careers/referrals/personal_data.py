"""What referrals hold about a person, and about candidates.

About a colleague (a user): the referrals they made, rewards recorded for
them, the pools they opted in to, the candidate passports shared with them
(by id and date: the candidate's data is not theirs), and as HR whom they
shared or added. That goes in "download my data" and is erased with them.

About a candidate: a candidate is not a user, so no person's export holds
their data, and a person's erasure does not reach it (erasing the referrer
leaves the candidate's own consent standing). The candidate downloads and
erases their data themselves on their consent page, and the retention step
here erases it when its time is up (NVP Sollicitatiecode: see
``plein.careers.referrals.actions``). Legal holds name people and groups
of Plein, never candidates: no hold keeps a candidate past their term.
eDiscovery searches what colleagues wrote; candidate data is not in it.
"""

from typing import Any

from plein.careers.referrals.actions import do_erase_due_candidates
from plein.careers.referrals.models import (
    Candidate,
    CandidateShare,
    Consent,
    PoolCandidate,
    PoolMember,
    Referral,
    TalentPool,
)
from plein.careers.referrals.queries import build_referrer_view
from plein.core.personal_data import (
    ErasureContext,
    ExportSection,
    PersonalDataProvider,
    PurgedIds,
    RetentionScope,
    RetentionStep,
    register_personal_data,
)


def build_referrals_export(person: Any) -> dict[str, Any]:
    """The person's referrals as they see them, their pools and passports.

    A referral shows what the person typed (the candidate's name and their
    own "why") only while the candidate's data is held; the status only as
    far as the candidate lets them follow it.
    """
    made = (
        Referral.objects.filter(referrer=person)
        .select_related("candidate", "vacancy__post")
        .order_by("pk")
    )
    referrals = []
    for referral in made:
        view = build_referrer_view(person, referral)
        referrals.append(
            {
                "id": referral.pk,
                "created_at": referral.created_at.isoformat(),
                "vacancy_id": referral.vacancy_id,
                "vacancy": view.vacancy_title,
                "candidate_name": view.candidate_name,
                "why": referral.candidate.why if referral.candidate else "",
                "status": view.status_label,
                "reward": referral.reward_description,
                "reward_recorded_at": referral.reward_recorded_at.isoformat()
                if referral.reward_recorded_at
                else None,
            }
        )
    return {
        "referrals": referrals,
        "talent_pools": [
            {"pool": m.pool.name, "joined_at": m.joined_at.isoformat()}
            for m in PoolMember.objects.filter(person=person).select_related("pool")
        ],
        "candidates_shared_with_you": [
            {
                "share_id": s.pk,
                "since": s.created_at.isoformat(),
                "until": s.expires_at.isoformat(),
            }
            for s in CandidateShare.objects.filter(shared_with=person).order_by("pk")
        ],
    }


def erase_referrals(person: Any, context: ErasureContext) -> None:
    """Nothing names the person any more; the candidates' consent stands.

    Their referrals stay (HR's figures, the candidates' procedures) without
    a referrer; passports shared with them end; pool opt-ins go.
    """
    Referral.objects.filter(referrer=person).update(referrer=None)
    Referral.objects.filter(reward_recorded_by=person).update(reward_recorded_by=None)
    CandidateShare.objects.filter(shared_with=person).delete()
    CandidateShare.objects.filter(shared_by=person).update(shared_by=None)
    PoolMember.objects.filter(person=person).delete()
    PoolCandidate.objects.filter(added_by=person).update(added_by=None)
    TalentPool.objects.filter(created_by=person).update(created_by=None)


def purgeable_candidates(scope: RetentionScope) -> Any:
    """Candidates past their own term (the NVP's, not the organisation's)."""
    return Candidate.objects.filter(erase_after__lte=scope.terms.now)


def purge_candidates(ids: list[int]) -> PurgedIds:
    return {"candidate_ids": do_erase_due_candidates(ids)}


register_personal_data(
    PersonalDataProvider(
        app_label="referrals",
        order=340,
        models={
            Referral: "the referrals one made, and rewards recorded for them",
            CandidateShare: "candidates HR shared with one (passports)",
            PoolMember: "the talent pools one opted in to",
            PoolCandidate: "which HR colleague put a candidate in a pool",
            TalentPool: "which HR colleague made a talent pool",
            Candidate: "someone from outside who was referred (not a user): "
            "erased on their request or by retention",
            Consent: "what a referred candidate agreed to, and until when",
        },
        export=(
            ExportSection(
                "referrals",
                340,
                "the candidates you referred (what you typed, while it is "
                "kept) with the status you may see, the talent pools you "
                "joined and when candidates were shared with you",
                build_referrals_export,
            ),
        ),
        erase=erase_referrals,
        retention=(
            RetentionStep("candidates", purgeable_candidates, purge_candidates),
        ),
    )
)
