"""Builders for referral tests: referrals, consent and HR steps through the actions."""

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction

# A name and address that appear nowhere else: the leak tests look for them.
NAME = "Zqcandidate Pfleakname"
EMAIL = "zqleak.candidate@example.org"
WHY = "Zqwhy Pfmotivation: she rebuilt our firewall in a weekend."

# Tests that count days run from this moment.
TODAY = datetime(2027, 3, 1, 9, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def frozen(time_machine: Any) -> datetime:
    """The clock at TODAY (and ticking); move it with ``time_machine.shift``."""
    time_machine.move_to(TODAY, tick=True)
    return TODAY


@pytest.fixture
def hr(moderator: Any) -> Any:
    """HR: organisation moderators (and admins) see candidates."""
    return moderator


@pytest.fixture
def refer(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """Refer a candidate through the action; the Referral."""
    from plein.careers.referrals.actions import check_refer_candidate

    def make(referrer: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("name", NAME)
        kwargs.setdefault("email", EMAIL)

        def run() -> Any:
            with transaction.atomic():
                return check_refer_candidate(referrer, **kwargs)

        return run_on_commit(run)

    return make


@pytest.fixture
def add_details(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """The referrer adds why (and a CV) once the candidate agreed."""
    from plein.careers.referrals.actions import (
        UploadedFile,
        check_add_referral_details,
    )

    def add(referral: Any, *, why: str = WHY, cv: bool = True) -> Any:
        upload = (
            UploadedFile("cv.pdf", "application/pdf", b"%PDF-1.4 cv") if cv else None
        )

        def run() -> Any:
            with transaction.atomic():
                return check_add_referral_details(
                    referral.referrer, fresh(referral), why=why, cv=upload
                )

        return run_on_commit(run)

    return add


def token_in(message: Any) -> str:
    """The consent link's token in a mail to the candidate."""
    found = re.search(r"/candidate/([^/\s]+)/", message.body)
    assert found, message.body
    return found.group(1)


def fresh(referral: Any) -> Any:
    """The referral as a gatekeeper would fetch it now."""
    from plein.careers.referrals.models import Referral

    return Referral.objects.select_related("candidate", "candidate__consent").get(
        pk=referral.pk
    )


def mails_to(address: str) -> list[Any]:
    return [m for m in mail.outbox if address in m.to]


@pytest.fixture
def answer(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """The candidate's answer, as their page gives it (through the token)."""
    from plein.careers.referrals.actions import (
        do_give_consent,
        parse_consent_token,
    )
    from plein.careers.referrals.models import Consent

    def give(
        referral: Any, scope: str = Consent.Scope.YEAR, *, sees_status: bool = False
    ) -> Any:
        token = token_in(mails_to(referral.candidate.email)[-1])
        consent = parse_consent_token(token)
        assert consent is not None

        def run() -> Any:
            with transaction.atomic():
                return do_give_consent(
                    consent, scope=scope, referrer_sees_status=sees_status
                )

        return run_on_commit(run)

    return give


@pytest.fixture
def hr_do(run_on_commit: Callable[..., Any]) -> Callable[..., Any]:
    """Run an HR action in a transaction, on commit effects included."""

    def run(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        def inner() -> Any:
            with transaction.atomic():
                return func(*args, **kwargs)

        return run_on_commit(inner)

    return run


@pytest.fixture
def retention(run_on_commit: Callable[..., Any]) -> Callable[[], Any]:
    from plein.careers.referrals.retention import do_run_candidate_retention

    return lambda: run_on_commit(do_run_candidate_retention)
