"""Who sees what, per persona: referrer, HR, the named colleague, others, guests.

Everyone who may not see a candidate gets 404, as for something that does
not exist; anonymous visitors are sent to the log-in page. Predicates and
scope filters agree.
"""

import json
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from plein.access.referrals import (
    can_view_passport,
    can_view_referral,
    visible_referrals,
    visible_shares,
)
from plein.access.roles import Role
from plein.careers.referrals.actions import check_share_candidate
from plein.careers.referrals.models import CandidateShare, Referral
from plein.careers.referrals.tests.conftest import NAME, WHY, fresh, mails_to, token_in
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(alice, bob, carol, hr, admin, make_person, refer, answer, hr_do, add_details):
    guest = make_person("Gea Gast", role=Role.GUEST, handle="gast")
    referral = refer(alice)
    answer(referral)
    add_details(referral)
    share = hr_do(check_share_candidate, hr, fresh(referral), bob)
    return SimpleNamespace(
        referral=fresh(referral),
        share=share,
        people={
            "referrer": alice,
            "hr": hr,
            "admin": admin,
            "named": bob,
            "other": carol,
            "guest": guest,
        },
    )


def _get(person, url):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client.get(url)


HR_ONLY = {
    "referrer": 404,
    "hr": 200,
    "admin": 200,
    "named": 404,
    "other": 404,
    "guest": 404,
}
NAMED_ONLY = {
    "referrer": 404,
    "hr": 404,
    "admin": 404,
    "named": 200,
    "other": 404,
    "guest": 404,
}


@pytest.mark.parametrize(
    ("route", "arg", "expected"),
    [
        ("referrals:detail", "referral", HR_ONLY),
        ("referrals:cv", "referral", HR_ONLY),
        ("referrals:hr", None, HR_ONLY),
        ("referrals:pools", None, HR_ONLY),
        ("referrals:passport", "share", NAMED_ONLY),
        ("referrals:passport-cv", "share", NAMED_ONLY),
    ],
)
def test_pages_answer_per_persona(world, route, arg, expected):
    args = []
    if arg == "referral":
        args = [world.referral.pk]
    elif arg == "share":
        args = [world.share.pk]
    url = reverse(route, args=args)
    for persona, status in expected.items():
        response = _get(world.people[persona], url)
        assert response.status_code == status, (persona, route)
        if status == 404 and hasattr(response, "content"):
            assert NAME.encode() not in response.content
    anonymous = _get(None, url)
    assert anonymous.status_code == 302 and "/login" in anonymous["Location"]


def test_colleagues_refer_and_guests_cannot(world):
    for persona in ("referrer", "other", "hr", "named"):
        assert _get(world.people[persona], reverse("referrals:mine")).status_code == 200
        assert (
            _get(world.people[persona], reverse("referrals:create")).status_code == 200
        )
    guest = world.people["guest"]
    assert _get(guest, reverse("referrals:mine")).status_code == 404
    assert _get(guest, reverse("referrals:create")).status_code == 404
    assert _get(guest, reverse("referrals:mobility")).status_code == 404


def test_before_consent_there_is_only_the_notice(alice, hr, refer, add_details):
    from plein.core.errors import InvalidInput

    referral = refer(alice)
    page = _get(hr, reverse("referrals:detail", args=[referral.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert NAME in html  # the referral notice
    assert _get(hr, reverse("referrals:cv", args=[referral.pk])).status_code == 404
    # The referrer cannot add why or a CV yet: not by the action, the page
    # or the API.
    with pytest.raises(InvalidInput) as error:
        add_details(referral)
    assert error.value.field == "referral"
    client = Client()
    client.force_login(alice)
    url = reverse("referrals:details", args=[referral.pk])
    assert "referral-details-form" not in client.get(url).content.decode()
    refused = client.post(url, {"why": "Zqwhy early"})
    assert refused.status_code == 400
    api = Client().post(
        f"/api/v1/referrals/{referral.pk}/details",
        {"why": "Zqwhy early"},
        headers={"Authorization": f"Bearer {do_create_api_token(alice)[1]}"},
    )
    assert api.status_code == 400 and api.json()["field"] == "referral"
    candidate = fresh(referral).candidate
    assert candidate.why == "" and not candidate.cv
    # Nobody else adds details to alice's referral.
    assert _get(hr, url).status_code == 404


def test_after_consent_the_referrer_adds_why_and_the_cv(
    alice, refer, answer, run_on_commit
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    referral = refer(alice)
    answer(referral)
    client = Client()
    client.force_login(alice)
    mine = client.get(reverse("referrals:mine")).content.decode()
    assert reverse("referrals:details", args=[referral.pk]) in mine
    url = reverse("referrals:details", args=[referral.pk])
    bad = client.post(
        url,
        {"cv": SimpleUploadedFile("cv.exe", b"MZ\x90\x00", "application/x-msdownload")},
    )
    assert bad.status_code == 400
    done = client.post(
        url,
        {
            "why": WHY,
            "cv": SimpleUploadedFile("cv.pdf", b"%PDF-1.4 cv", "application/pdf"),
        },
    )
    assert done.status_code == 302
    candidate = fresh(referral).candidate
    assert candidate.why == WHY and candidate.cv_name == "cv.pdf"
    # Through the API, a new CV replaces the old one.
    old_path = candidate.cv.path
    api = run_on_commit(
        Client().post,
        f"/api/v1/referrals/{referral.pk}/details",
        {"cv": SimpleUploadedFile("cv2.pdf", b"%PDF-1.4 two", "application/pdf")},
        headers={"Authorization": f"Bearer {do_create_api_token(alice)[1]}"},
    )
    assert api.status_code == 200, api.content
    assert api.json()["can_add_details"] is True
    candidate = fresh(referral).candidate
    assert candidate.cv_name == "cv2.pdf" and candidate.why == WHY
    import os

    assert not os.path.exists(old_path)


def test_hr_sees_the_full_record_after_consent(world):
    hr = world.people["hr"]
    html = _get(hr, reverse("referrals:detail", args=[world.referral.pk])).content
    assert WHY.encode()[:20] in html and b"cv.pdf" in html
    cv = _get(hr, reverse("referrals:cv", args=[world.referral.pk]))
    assert cv.status_code == 200 and b"".join(cv.streaming_content) == b"%PDF-1.4 cv"


def test_the_referrer_sees_the_status_only_with_leave(alice, hr, refer, answer, hr_do):
    from plein.careers.referrals.actions import check_set_referral_status

    hidden = refer(alice, name="Hidden Candidate", email="hidden@example.org")
    answer(hidden, sees_status=False)
    hr_do(check_set_referral_status, hr, fresh(hidden), Referral.Status.HIRED)
    shown = refer(alice, name="Shown Candidate", email="shown@example.org")
    answer(shown, sees_status=True)
    hr_do(check_set_referral_status, hr, fresh(shown), Referral.Status.HIRED)
    from plein.careers.referrals.queries import list_my_referrals

    statuses = {v.candidate_name: v.status_label for v in list_my_referrals(alice)}
    assert statuses["Hidden Candidate"] == str(Referral.Status.CONSENTED.label)
    assert statuses["Shown Candidate"] == str(Referral.Status.HIRED.label)
    # Only the referral the candidate let them follow told them about it.
    from plein.notifications.models import Notification

    keys = set(
        Notification.objects.filter(recipient=alice).values_list("key", flat=True)
    )
    assert f"referral-status:{shown.pk}:hired" in keys
    assert f"referral-status:{hidden.pk}:hired" not in keys


def test_a_share_ends_with_the_consent(world):
    bob = world.people["named"]
    url = reverse("referrals:passport", args=[world.share.pk])
    assert _get(bob, url).status_code == 200
    token = token_in(mails_to(world.referral.candidate.email)[0])
    Client().post(reverse("referrals:consent", args=[token]), {"action": "erase"})
    assert _get(bob, url).status_code == 404
    assert not CandidateShare.objects.exists()


def test_predicates_and_filters_agree(world):
    for person in world.people.values():
        for referral in Referral.objects.all():
            assert can_view_referral(person, referral) == (
                visible_referrals(person).filter(pk=referral.pk).exists()
            )
        for share in CandidateShare.objects.all():
            assert can_view_passport(person, share) == (
                visible_shares(person).filter(pk=share.pk).exists()
            )


def _api(person, method, path, data=None):
    headers = {"Authorization": f"Bearer {do_create_api_token(person)[1]}"}
    return Client().generic(
        method,
        f"/api/v1{path}",
        json.dumps(data) if data is not None else "",
        content_type="application/json",
        headers=headers,
    )


def test_the_api_per_persona(world):
    path = f"/referrals/{world.referral.pk}"
    for persona, status in HR_ONLY.items():
        assert _api(world.people[persona], "GET", path).status_code == status, persona
    detail = _api(world.people["hr"], "GET", path).json()
    assert detail["candidate"]["name"] == NAME
    assert detail["candidate"]["consent"] == "year"
    assert _api(world.people["referrer"], "GET", "/referrals").status_code == 404
    mine = _api(world.people["referrer"], "GET", "/referrals/mine").json()
    assert [item["id"] for item in mine["items"]] == [world.referral.pk]
    assert _api(world.people["other"], "GET", "/referrals/mine").json()["items"] == []
    changed = _api(
        world.people["referrer"], "POST", f"{path}/status", {"status": "hired"}
    )
    assert changed.status_code == 404


def test_the_api_refers_and_names_bad_fields(alice, make_person):
    made = _api(
        alice, "POST", "/referrals", {"name": "Api Kandidaat", "email": "api@x.org"}
    )
    assert made.status_code == 201, made.content
    assert made.json()["status"] == str(Referral.Status.AWAITING.label)
    bad = _api(alice, "POST", "/referrals", {"name": "X", "email": "not-an-address"})
    assert bad.status_code == 400 and bad.json()["field"] == "email"
    guest = make_person("Gast Twee", role=Role.GUEST)
    assert (
        _api(guest, "POST", "/referrals", {"name": "X", "email": "x@x.org"}).status_code
        == 404
    )


def test_gatekeepers_answer_not_found_alike(world, make_person, hr_do):
    from django.contrib.auth.models import AnonymousUser

    from plein.access.referrals import (
        access_passport,
        access_pool,
        access_referral,
        visible_pools,
    )
    from plein.careers.referrals.actions import check_create_pool
    from plein.core.errors import NotFound

    hr = world.people["hr"]
    alice = world.people["referrer"]
    pool = hr_do(check_create_pool, hr, name="Graduates 2027")
    assert access_pool(alice, pool.pk) == pool
    assert access_pool(hr, pool.pk, for_manage=True) == pool
    for call in (
        lambda: access_pool(alice, pool.pk, for_manage=True),
        lambda: access_pool(world.people["guest"], pool.pk),
        lambda: access_pool(hr, "x"),
        lambda: access_referral(hr, 10**12),
        lambda: access_referral(alice, world.referral.pk, for_manage=True),
        lambda: access_passport(world.people["named"], "nope"),
        lambda: access_passport(AnonymousUser(), world.share.pk),
    ):
        with pytest.raises(NotFound):
            call()
    assert access_referral(alice, world.referral.pk).pk == world.referral.pk
    assert not visible_pools(AnonymousUser()).exists()
    assert not visible_referrals(AnonymousUser()).exists()
    assert not can_view_referral(AnonymousUser(), world.referral)
