"""Publishing versions and editing the quiz in the Django admin."""

import pytest

from plein.governance.guidelines.models import GuidelinesVersion, QuizQuestion

pytestmark = pytest.mark.django_db

VERSION = {
    "title_nl": "Richtlijnen 2",
    "title_en": "Guidelines 2",
    "body_nl": "Nieuwe tekst",
    "body_en": "New text",
    "is_material": "on",
}


def test_admin_publishes_a_version_through_the_actions(client, admin, alice):
    client.force_login(admin)
    form = client.get("/admin/guidelines/guidelinesversion/add/")
    assert form.status_code == 200
    assert "Richtlijnen voor sociale media" in form.content.decode()  # prefilled

    response = client.post("/admin/guidelines/guidelinesversion/add/", VERSION)
    assert response.status_code == 302, response.content[:2000]
    version = GuidelinesVersion.objects.get(number=2)
    assert version.published_by == admin
    assert version.is_material

    # Published text is read-only.
    change = client.get(f"/admin/guidelines/guidelinesversion/{version.pk}/change/")
    assert change.status_code == 200
    assert 'name="title_nl"' not in change.content.decode()


def test_admin_is_for_org_admins_only(client, moderator):
    client.force_login(moderator)
    response = client.post("/admin/guidelines/guidelinesversion/add/", VERSION)
    assert response.status_code in (302, 403)
    assert not GuidelinesVersion.objects.filter(number=2).exists()


def test_quiz_question_form_checks_the_answers(client, admin):
    client.force_login(admin)
    data = {
        "position": "9",
        "text_nl": "Vraag?",
        "text_en": "Question?",
        "choices_nl": "Ja\nNee",
        "choices_en": "Yes",
        "correct_choice": "1",
        "explanation_nl": "Uitleg",
        "explanation_en": "Explanation",
        "is_active": "on",
    }
    response = client.post("/admin/guidelines/quizquestion/add/", data)
    assert response.status_code == 200
    assert not QuizQuestion.objects.filter(position=9).exists()
    data["choices_en"] = "Yes\nNo"
    response = client.post("/admin/guidelines/quizquestion/add/", data)
    assert response.status_code == 302
    assert QuizQuestion.objects.get(position=9).choices_en == "Yes\nNo"
