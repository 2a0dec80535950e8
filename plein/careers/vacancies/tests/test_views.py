"""The vacancy pages, the public page with its JobPosting data, and HR's figures."""

import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from plein.careers.vacancies.actions import check_share_vacancy
from plein.careers.vacancies.models import Application, ShareLink, Vacancy
from plein.careers.vacancies.queries import public_path
from plein.people.models import User

pytestmark = pytest.mark.django_db


def _json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_index_filters_and_search(hr, alice, client, publish, department):
    from plein.people.models import Department

    sales = Department.objects.create(name="Sales", slug="sales")
    publish(hr, "Pythonontwikkelaar", hours_min=36, hours_max=40, is_external=True)
    publish(hr, "Accountmanager", department=sales, hours_min=20, hours_max=24)
    User.objects.filter(pk=alice.pk).update(language="en")
    client.force_login(alice)
    page = client.get("/vacancies/").content.decode()
    assert "Pythonontwikkelaar" in page and "Accountmanager" in page
    page = client.get("/vacancies/", {"department": sales.pk}).content.decode()
    assert "Accountmanager" in page and "Pythonontwikkelaar" not in page
    page = client.get("/vacancies/", {"hours": "full"}).content.decode()
    assert "Pythonontwikkelaar" in page and "Accountmanager" not in page
    page = client.get("/vacancies/", {"scope": "external"}).content.decode()
    assert "Pythonontwikkelaar" in page and "Accountmanager" not in page
    page = client.get("/vacancies/", {"q": "accountmanager"}).content.decode()
    assert "Accountmanager" in page and "Pythonontwikkelaar" not in page
    # The alert link pre-fills a term alert that matches vacancies.
    assert "/alerts/new/?q=%23vacature+accountmanager" in page
    bad = client.get("/vacancies/", {"hours": "nacht"}).content.decode()
    assert "Choose full-time or part-time." in bad


def test_detail_shows_translation_to_readers_of_the_other_language(
    hr, make_person, client, publish
):
    vacancy = publish(
        hr, other_title="Backend developer", other_description="Build our portal."
    )
    reader = make_person("Reader", language="en")
    client.force_login(reader)
    page = client.get(f"/vacancies/{vacancy.pk}/").content.decode()
    assert "Build our portal." in page
    dutch = make_person("Lezer", language="nl")
    client.force_login(dutch)
    assert (
        "Build our portal."
        not in client.get(f"/vacancies/{vacancy.pk}/").content.decode()
    )


def test_refer_link_only_when_the_referrals_app_answers(hr, alice, client, publish):
    vacancy = publish(hr)
    client.force_login(alice)
    page = client.get(f"/vacancies/{vacancy.pk}/").content.decode()
    try:
        url = reverse("referrals:create")
    except NoReverseMatch:
        assert "Refer someone" not in page
    else:
        assert f"{url}?vacancy={vacancy.pk}" in page


def test_apply_with_a_cv_file_through_the_form(hr, alice, client, publish):
    vacancy = publish(hr)
    client.force_login(alice)
    response = client.post(
        f"/vacancies/{vacancy.pk}/apply/",
        {
            "motivation": "Graag!",
            "manager_sees_from": "offer",
            "cv_file": SimpleUploadedFile(
                "cv.pdf", b"%PDF-1.4 cv", content_type="application/pdf"
            ),
        },
    )
    application = Application.objects.get(applicant=alice)
    assert response.status_code == 302
    assert application.cv_name == "cv.pdf"
    assert (
        client.get(f"/vacancies/applications/{application.pk}/cv/").status_code == 200
    )
    client.force_login(hr)
    assert (
        client.get(f"/vacancies/applications/{application.pk}/cv/").status_code == 200
    )
    # A refused file is named on its field and nothing is stored.
    User.objects.filter(pk=hr.pk).update(language="en")
    client.force_login(hr)
    other = publish(hr, "Tweede")
    response = client.post(
        f"/vacancies/{other.pk}/apply/",
        {
            "motivation": "Ja",
            "manager_sees_from": "submitted",
            "cv_file": SimpleUploadedFile(
                "cv.exe", b"MZ", content_type="application/x"
            ),
        },
    )
    assert response.status_code == 400
    assert "This type of file is not allowed." in response.content.decode()


def test_hr_moves_the_stage_with_htmx(hr, alice, client, publish, apply):
    application = apply(alice, publish(hr))
    client.force_login(hr)
    response = client.post(
        f"/vacancies/applications/{application.pk}/move/",
        {"status": "interview"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert 'id="stage"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == "interview"
    client.force_login(alice)
    response = client.post(
        f"/vacancies/applications/{application.pk}/move/", {"status": "hired"}
    )
    assert response.status_code == 403


# The public page ---------------------------------------------------------------


def test_public_page_shows_an_open_external_vacancy_with_job_posting(
    hr, publish, settings
):
    settings.ORGANISATION_NAME = "Zuiderhaven"
    vacancy = publish(
        hr,
        "Data-engineer",
        is_external=True,
        hours_min=36,
        hours_max=40,
        salary_scale="Schaal 11",
        closes_on=timezone.localdate() + timedelta(days=10),
        requirements="SQL",
    )
    response = Client().get(public_path(vacancy))
    assert response.status_code == 200
    html = response.content.decode()
    data = _json_ld(html)
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Data-engineer"
    assert data["hiringOrganization"]["name"] == "Zuiderhaven"
    assert data["employmentType"] == "FULL_TIME"
    assert data["jobLocation"]["address"]["addressLocality"] == "Utrecht"
    assert data["datePosted"] == vacancy.created_at.date().isoformat()
    assert data["validThrough"].startswith(vacancy.closes_on.isoformat())
    assert "Schaal 11" in data["description"] and "baseSalary" not in data
    # Nothing of Plein is reachable: no author, no links but the canonical.
    assert "Hanna" not in html
    assert re.findall(r"<a\s", html) == []
    assert "/people/" not in html and "/hashtags/" not in html
    assert "script-src" in response["Content-Security-Policy"]


@pytest.mark.parametrize("case", ["internal", "closed", "withheld", "deleted", "past"])
def test_public_page_is_404_for_anything_but_open_and_external(
    hr, publish, run_on_commit, case
):
    from plein.posts.actions import do_delete_post, do_withhold
    from plein.posts.models import Withheld

    vacancy = publish(hr, is_external=case != "internal")
    if case == "closed":
        Vacancy.objects.filter(pk=vacancy.pk).update(status="closed")
    elif case == "withheld":
        do_withhold(vacancy.post, Withheld.MODERATOR)
    elif case == "deleted":
        run_on_commit(do_delete_post, hr, vacancy.post)
    elif case == "past":
        Vacancy.objects.filter(pk=vacancy.pk).update(
            closes_on=timezone.localdate() - timedelta(days=1)
        )
    unknown = Client().get("/jobs/999999-x/")
    response = Client().get(public_path(vacancy))
    assert response.status_code == unknown.status_code == 404


def test_public_page_counts_share_visits_without_naming_the_sharer(
    hr, alice, bob, publish, run_on_commit, apply
):
    vacancy = publish(hr, is_external=True)
    link = run_on_commit(check_share_vacancy, alice, vacancy)
    visitor = Client()
    response = visitor.get(public_path(vacancy, link.token))
    assert response.status_code == 200
    assert "Alice" not in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"
    link.refresh_from_db()
    assert link.visit_count == 1
    # The same browser logs in and applies: the sharer is credited.
    visitor.force_login(bob)
    page = visitor.get(f"/vacancies/{vacancy.pk}/").content.decode()
    assert f'value="{link.token}"' in page
    visitor.post(
        f"/vacancies/{vacancy.pk}/apply/",
        {
            "motivation": "Via Alice",
            "manager_sees_from": "submitted",
            "ref": link.token,
        },
    )
    assert Application.objects.get(applicant=bob).share_link == link
    # A wrong slug redirects to the right one, keeping the ref.
    wrong = Client().get(f"/jobs/{vacancy.pk}-iets-anders/?ref={link.token}")
    assert wrong.status_code == 301
    assert wrong["Location"] == public_path(vacancy, link.token)
    assert ShareLink.objects.get(pk=link.pk).visit_count == 1


# HR's figures --------------------------------------------------------------------


def test_insights_merge_small_departments_and_hide_small_totals(
    hr, alice, client, publish, run_on_commit
):
    from plein.careers.vacancies.queries import build_hr_insights
    from plein.people.models import Department

    big = Department.objects.create(name="Groot", slug="groot")
    small = Department.objects.create(name="Klein", slug="klein")

    def filled(department, hired_from, days):
        vacancy = publish(hr, department=department)
        ended = timezone.now()
        Vacancy.objects.filter(pk=vacancy.pk).update(
            status="filled",
            hired_from=hired_from,
            created_at=ended - timedelta(days=days),
            ended_at=ended,
        )

    for days in (10, 20, 30, 40):
        filled(big, "internal", days)
    assert build_hr_insights(hr).total is None  # four: too few for any figure
    filled(big, "referral", 50)
    filled(small, "external", 5)
    insights = build_hr_insights(hr)
    # "Klein" (1) alone would show by subtraction: merged with "Groot".
    assert [row.label for row in insights.rows] == []
    assert insights.total.filled == 6
    assert insights.total.median_days == 25.0
    assert round(insights.total.internal_share, 2) == round(4 / 6, 2)
    for _ in range(4):
        filled(small, "internal", 7)
    rows = {row.label: row.filled for row in build_hr_insights(hr).rows}
    assert rows == {"Groot": 5, "Klein": 5}
    client.force_login(hr)
    assert client.get("/vacancies/insights/").status_code == 200
    client.force_login(alice)
    assert client.get("/vacancies/insights/").status_code == 404


def test_index_and_api_list_cost_the_same_for_more_vacancies(
    hr, alice, client, publish
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plein.people.actions import do_create_api_token

    token = do_create_api_token(alice)[1]
    client.force_login(alice)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get("/vacancies/").status_code == 200
        with CaptureQueriesContext(connection) as api:
            assert (
                client.get(
                    "/api/v1/vacancies", headers={"Authorization": f"Bearer {token}"}
                ).status_code
                == 200
            )
        return len(page), len(api)

    publish(hr, "Eerste")
    count()  # the first requests also touch the session and caches
    few = count()
    for number in range(5):
        publish(hr, f"Vacature {number}")
    assert count() == few
