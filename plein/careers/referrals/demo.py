"""Demo data: referrals in several states, a talent pool, a passport.

Colleagues refer five people from outside (at example.org): one still
awaiting consent, one in the procedure, one hired with a reward recorded,
one who declined, and one who agreed to be kept a year, is in the talent
pool "IT security" and shared with a colleague. A colleague opts in to
the pool for internal mobility.
"""

from datetime import datetime
from typing import Any

from plein.core.errors import PleinError


def add_demo(people: dict[str, Any], groups: dict[str, Any], now: datetime) -> None:
    from plein.careers.referrals.actions import (
        check_add_pool_candidate,
        check_add_referral_details,
        check_create_pool,
        check_record_reward,
        check_refer_candidate,
        check_set_pool_membership,
        check_set_referral_status,
        check_share_candidate,
        check_update_candidate,
        do_decline_consent,
        do_give_consent,
    )
    from plein.careers.referrals.models import Consent, Referral
    from plein.careers.vacancies.models import Vacancy

    hr = people.get("admin")
    if hr is None:
        return
    vacancy = Vacancy.objects.filter(status=Vacancy.Status.OPEN).order_by("pk").first()

    # The referrer's words wait until the candidate agrees: before that,
    # only the referral notice is kept.
    motivations: dict[int, str] = {}

    def refer(key: str, name: str, email: str, why: str, **kwargs: Any) -> Any:
        referrer = people.get(key)
        if referrer is None:
            return None
        try:
            referral = check_refer_candidate(referrer, name=name, email=email, **kwargs)
        except PleinError:
            return None
        motivations[referral.pk] = why
        return referral

    def fresh(referral: Any) -> Any:
        return Referral.objects.select_related("candidate__consent", "referrer").get(
            pk=referral.pk
        )

    def agree(referral: Any, scope: str, sees: bool = True) -> None:
        consent = Consent.objects.get(pk=referral.candidate_id)
        do_give_consent(consent, scope=scope, referrer_sees_status=sees)
        current = fresh(referral)
        check_add_referral_details(
            current.referrer, current, why=motivations[referral.pk]
        )

    refer(
        "anna",
        "Sven Dekker",
        "sven.dekker@example.org",
        "Sven deed bij zijn vorige werkgever de klantenservice; hij luistert goed.",
        vacancy=vacancy,
    )
    in_procedure = refer(
        "pieter.degroot",
        "Lotte Vermeer",
        "lotte.vermeer@example.org",
        "Lotte is hypotheekadviseur en wil dichter bij huis werken.",
        vacancy=vacancy,
    )
    if in_procedure is not None:
        agree(in_procedure, Consent.Scope.PROCEDURE)
        check_set_referral_status(hr, fresh(in_procedure), Referral.Status.IN_PROCEDURE)
    hired = refer(
        "sanne.smit",
        "Daan Hoekstra",
        "daan.hoekstra@example.org",
        "Daan was mijn teamleider bij de bank; sterk in data en rapportages.",
    )
    if hired is not None:
        agree(hired, Consent.Scope.YEAR)
        check_set_referral_status(hr, fresh(hired), Referral.Status.HIRED)
        check_record_reward(
            hr, fresh(hired), description="Aanbrengpremie", amount="750"
        )
    declined = refer(
        "karin.schouten",
        "Noor Bakker",
        "noor.bakker@example.org",
        "Noor zoekt misschien iets nieuws.",
    )
    if declined is not None:
        do_decline_consent(Consent.objects.get(pk=declined.candidate_id))
    pooled = refer(
        "arjen.kok",
        "Fatima El Amrani",
        "fatima.elamrani@example.org",
        "Fatima is security-specialist; nu geen passende vacature, wel een aanrader.",
        language="en",
    )
    pool = check_create_pool(
        hr,
        name="IT security",
        description="Security, netwerken en beheer / security, networks, operations",
    )
    check_create_pool(hr, name="Graduates 2027", description="Starters / graduates")
    if pooled is not None:
        agree(pooled, Consent.Scope.YEAR)
        check_update_candidate(
            hr,
            fresh(pooled),
            summary="Security-specialist met 6 jaar ervaring in de bankensector.",
            skills="security, firewall, linux, ISO 27001",
        )
        check_add_pool_candidate(hr, pool, fresh(pooled))
        colleague = people.get("jeroen.bos")
        if colleague is not None:
            check_share_candidate(
                hr, fresh(pooled), colleague, note="Past ze in jouw team?"
            )
    mover = people.get("arjen.kok")
    if mover is not None:
        check_set_pool_membership(mover, pool, joined=True)
