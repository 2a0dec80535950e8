"""The guidelines page, accepting with and without the quiz, the admin overview."""

import csv
import io

import pytest
from django.test import Client
from django.utils import translation

from plein.core.events import capture_events
from plein.governance.guidelines.models import Acceptance
from plein.governance.guidelines.queries import has_accepted, quiz_questions

pytestmark = pytest.mark.django_db


def client_for(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize(
    ("language", "title", "phrase"),
    [
        ("nl", "Richtlijnen voor sociale media", "Klantgegevens horen hier niet"),
        ("en", "Social-media guidelines", "Client data does not belong here"),
    ],
)
def test_the_page_speaks_the_readers_language(make_person, language, title, phrase):
    reader = make_person("Lezer", language=language, accept_guidelines=False)
    response = client_for(reader).get("/guidelines/")
    assert response.status_code == 200
    html = response.content.decode()
    assert title in html
    assert phrase in html
    assert 'action="/guidelines/accept/"' in html
    assert f'lang="{language}"' in html


def test_accepting_from_the_page(newcomer):
    client = client_for(newcomer)
    response = client.post(
        "/guidelines/accept/", {"version": "1", "next": "/posts/new/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/posts/new/"
    assert has_accepted(newcomer)
    assert "You have accepted version 1" in client.get("/guidelines/").content.decode()


def test_accepting_with_htmx_redirects(newcomer):
    response = client_for(newcomer).post(
        "/guidelines/accept/",
        {"version": "1", "next": "https://evil.example/"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/guidelines/"


def test_a_wrong_quiz_answer_shows_the_explanation(newcomer, publish):
    newcomer.language = "nl"  # this test reads the Dutch questions
    newcomer.save(update_fields=["language"])
    publish(quiz_required=True)
    questions = quiz_questions()
    data = {f"q-{q.pk}": str(q.correct_choice) for q in questions}
    first = questions[0]
    data[f"q-{first.pk}"] = str(first.correct_choice % 2 + 1)
    client = client_for(newcomer)
    with translation.override("nl"):
        page = client.get("/guidelines/").content.decode()
    assert first.text_nl in page

    response = client.post(
        "/guidelines/accept/", {"version": "2", **data}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert first.explanation_nl in html
    assert 'id="acceptance"' in html
    assert "<html" not in html  # the partial only
    assert not has_accepted(newcomer)

    data[f"q-{first.pk}"] = str(first.correct_choice)
    response = client.post("/guidelines/accept/", {"version": "2", **data})
    assert response.status_code == 302
    assert Acceptance.objects.get(person=newcomer, version__number=2).quiz_passed


def test_the_post_form_links_to_the_guidelines_and_keeps_the_text(newcomer):
    response = client_for(newcomer).post(
        "/posts/new/", {"body": "Mijn eerste bericht", "language": "nl"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/guidelines/">' in html
    assert "Mijn eerste bericht" in html


def test_the_api_refuses_a_post_with_a_link(newcomer):
    response = client_for(newcomer).post(
        "/api/v1/posts", {"body": "Hallo"}, content_type="application/json"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "guidelines_not_accepted"
    assert body["url"] == "/guidelines/"
    assert "<a" not in body["detail"]


@pytest.mark.parametrize(
    "path", ["/guidelines/acceptances/", "/guidelines/acceptances.csv"]
)
def test_the_overview_is_for_admins_only(alice, moderator, path):
    for person in (alice, moderator):
        assert client_for(person).get(path).status_code == 404


def test_the_overview_lists_acceptances(admin, alice, newcomer):
    html = client_for(admin).get("/guidelines/acceptances/").content.decode()
    assert "Alice de Vries" in html
    assert "Nina Nieuw" not in html


def test_the_csv_export(admin, make_person, run_on_commit):
    from plein.people.models import Department

    department = Department.objects.create(name="Risk", slug="risk")
    make_person("=Formula Person", email="f@plein.test", department=department)
    client = client_for(admin)
    with capture_events() as events:
        response = run_on_commit(client.get, "/guidelines/acceptances.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "person",
        "email",
        "department",
        "version",
        "accepted_at",
        "quiz_passed",
    ]
    by_email = {row[1]: row for row in rows[1:]}
    assert set(by_email) == {"admin@plein.test", "f@plein.test"}
    row = by_email["f@plein.test"]
    assert row[0] == "'=Formula Person"
    assert row[2] == "Risk"
    assert row[3] == "1"
    assert row[4].endswith("Z")
    assert row[5] == "no"
    [event] = [e for e in events if e.name == "guidelines.acceptances.exported"]
    assert event.actor_id == admin.pk
    assert event.payload == {"rows": 2}


def test_the_comment_form_links_to_the_guidelines_and_keeps_the_text(
    alice, newcomer, make_post
):
    post = make_post(alice)
    response = client_for(newcomer).post(
        f"/posts/{post.pk}/comments/",
        {"body": "Mijn eerste reactie"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/guidelines/">' in html
    assert "Mijn eerste reactie" in html
