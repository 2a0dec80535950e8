"""Applying from outside through a colleague's share link.

The public vacancy page offers "Apply" only to a visitor who came through
a share link; the application is that colleague's referral, with the
candidate's consent given in the same step, so their details, motivation
and CV are kept from the start. The pages name nobody; everything else
answers 404 as for an unknown vacancy.
"""

from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from plein.careers.referrals.models import Candidate, Consent, Referral
from plein.careers.referrals.tests.conftest import mails_to, token_in
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db

EMAIL = "zqapplicant@example.org"


@pytest.fixture
def shared(alice, hr, run_on_commit):
    from plein.careers.vacancies.actions import (
        VacancyDetails,
        check_create_vacancy,
        check_share_vacancy,
    )
    from plein.careers.vacancies.models import Vacancy

    def publish(title, **details):
        post = run_on_commit(
            check_create_vacancy,
            hr,
            VacancyDetails(location="Utrecht", **details),
            title=title,
            body="Kom ons team versterken.",
        )
        return Vacancy.objects.select_related("post").get(pk=post.pk)

    external = publish("Netwerkspecialist", is_external=True)
    other = publish("Jurist", is_external=True)
    internal = publish("Teamleider")
    link = run_on_commit(check_share_vacancy, alice, external)
    other_link = run_on_commit(check_share_vacancy, alice, other)
    return SimpleNamespace(
        vacancy=external, internal=internal, link=link, other_link=other_link
    )


def _apply_url(vacancy, token=None):
    url = reverse("referrals:public-apply", args=[vacancy.pk])
    return f"{url}?ref={token}" if token else url


def _form(token, **overrides):
    data = {
        "name": "Zqapplicant Visser",
        "email": EMAIL,
        "phone": "",
        "motivation": "Ik bouw al tien jaar netwerken.",
        "language": "nl",
        "scope": "procedure",
        "ref": token,
    }
    data.update(overrides)
    return data


def test_the_public_page_offers_apply_only_through_a_share_link(shared):
    from plein.careers.vacancies.queries import public_path

    client = Client()
    plain = client.get(public_path(shared.vacancy)).content.decode()
    assert "public-apply" not in plain and "/apply/" not in plain
    through = client.get(public_path(shared.vacancy, shared.link.token))
    html = through.content.decode()
    assert _apply_url(shared.vacancy, shared.link.token).replace("&", "&amp;") in html
    assert "Alice" not in html


def test_without_a_matching_link_the_form_is_not_there(shared):
    client = Client()
    for url in (
        _apply_url(shared.vacancy),
        _apply_url(shared.vacancy, "nonsense"),
        _apply_url(shared.vacancy, shared.other_link.token),
        _apply_url(shared.internal, shared.link.token),
    ):
        assert client.get(url).status_code == 404, url
    posted = client.post(_apply_url(shared.vacancy), _form("nonsense"))
    assert posted.status_code == 404
    assert not Candidate.objects.exists()


def test_applying_makes_a_consenting_referral_of_the_colleague(
    shared, alice, hr, run_on_commit
):
    client = Client()
    page = client.get(_apply_url(shared.vacancy, shared.link.token))
    assert page.status_code == 200 and "Alice" not in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    data = _form(
        shared.link.token,
        referrer_sees_status="on",
        cv=SimpleUploadedFile("cv.pdf", b"%PDF-1.4 mijn cv", "application/pdf"),
    )
    done = run_on_commit(client.post, _apply_url(shared.vacancy), data)
    assert done.status_code == 200, done.content.decode()[:500]
    assert "Alice" not in done.content.decode()
    referral = Referral.objects.select_related("candidate__consent").get()
    candidate = referral.candidate
    assert referral.referrer == alice and referral.vacancy_id == shared.vacancy.pk
    assert referral.through_share_link and referral.referrer_sees_status
    assert referral.status == Referral.Status.CONSENTED
    assert candidate.consent.scope == Consent.Scope.PROCEDURE
    assert candidate.motivation.startswith("Ik bouw") and candidate.cv_name == "cv.pdf"
    # A receipt, not a request for consent, with the link to their page.
    [receipt] = mails_to(EMAIL)
    assert "sollicitatie" in receipt.subject.lower()
    page = Client().get(reverse("referrals:consent", args=[token_in(receipt)]))
    assert "Ik bouw al tien jaar netwerken." in page.content.decode()
    # HR and the colleague hear of it, without the candidate's name.
    told = Notification.objects.filter(recipient__in=[alice, hr])
    assert {n.recipient_id for n in told} == {alice.pk, hr.pk}
    for message in mail.outbox:
        if EMAIL not in message.to:
            assert "Zqapplicant" not in message.body
    # HR sees the record, with the motivation and the CV.
    staff = Client()
    staff.force_login(hr)
    record = staff.get(reverse("referrals:detail", args=[referral.pk])).content
    assert b"Ik bouw al tien jaar" in record and b"cv.pdf" in record


def test_bad_input_is_answered_on_the_form_and_nothing_is_kept(shared):
    client = Client()
    bad = client.post(
        _apply_url(shared.vacancy), _form(shared.link.token, email="geen-adres")
    )
    assert bad.status_code == 400
    assert "Zqapplicant Visser" in bad.content.decode()  # what was typed stays
    no_scope = client.post(
        _apply_url(shared.vacancy), _form(shared.link.token, scope="")
    )
    assert no_scope.status_code == 400
    exe = client.post(
        _apply_url(shared.vacancy),
        _form(
            shared.link.token,
            cv=SimpleUploadedFile("cv.exe", b"MZ\x90\x00", "application/x-msdownload"),
        ),
    )
    assert exe.status_code == 400
    assert not Candidate.objects.exists() and not Referral.objects.exists()


def test_a_script_is_slowed_down(shared, settings):
    from plein.careers.referrals import views

    client = Client()
    url = _apply_url(shared.vacancy)
    statuses = [
        client.post(url, _form(shared.link.token, email="x")).status_code
        for _ in range(views.PUBLIC_APPLICATIONS_PER_HOUR + 1)
    ]
    assert statuses[:-1] == [400] * views.PUBLIC_APPLICATIONS_PER_HOUR
    assert statuses[-1] == 429
