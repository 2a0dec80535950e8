"""The opt-in to being offered unanswered questions: page, API, audit, data."""

from typing import Any

import pytest
from django.test import Client

from plein.core.personal_data import ErasureContext, Holds
from plein.governance.compliance.models import AuditEntry
from plein.knowledge.expertise.actions import check_set_question_offers
from plein.knowledge.expertise.models import QuestionOfferOptIn
from plein.knowledge.expertise.personal_data import build_expertise, erase_expertise
from plein.knowledge.expertise.queries import opted_in_to_question_offers
from plein.people.actions import do_create_api_token

pytestmark = pytest.mark.django_db


def client_for(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_opt_in_is_off_by_default(en_person):
    vera = en_person("Vera")
    assert opted_in_to_question_offers([vera.pk]) == set()
    page = client_for(vera).get("/me/expertise/").content.decode()
    assert "Offer me unanswered questions in my areas of expertise" in page
    assert 'name="opted_in" value="1">' in page  # not checked


def test_opting_in_and_out_on_my_expertise(
    en_person, django_capture_on_commit_callbacks
):
    vera = en_person("Vera")
    client = client_for(vera)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/me/expertise/offers/", {"opted_in": ["0", "1"]})
    assert response.status_code == 302
    assert response["Location"] == "/me/expertise/#question-offers"
    assert opted_in_to_question_offers([vera.pk]) == {vera.pk}
    page = client.get("/me/expertise/").content.decode()
    assert 'name="opted_in" value="1" checked>' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/me/expertise/offers/", {"opted_in": "0"})
    assert opted_in_to_question_offers([vera.pk]) == set()


def test_bad_choice_names_the_field(en_person):
    response = client_for(en_person("Vera")).post(
        "/me/expertise/offers/", {"opted_in": "maybe"}
    )
    assert response.status_code == 400
    assert not QuestionOfferOptIn.objects.exists()


def test_opt_in_page_needs_a_login():
    response = Client().post("/me/expertise/offers/", {"opted_in": "1"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_change_is_audited_once(en_person, run_on_commit):
    vera = en_person("Vera")
    run_on_commit(check_set_question_offers, vera, opted_in=True)
    run_on_commit(check_set_question_offers, vera, opted_in=True)  # no change
    run_on_commit(check_set_question_offers, vera, opted_in=False)
    entries = list(
        AuditEntry.objects.filter(action="expertise.question_offers.changed")
        .order_by("pk")
        .values_list("actor_id", "data")
    )
    assert [(actor, data["opted_in"]) for actor, data in entries] == [
        (vera.pk, True),
        (vera.pk, False),
    ]


def test_api_reads_and_sets_the_opt_in(en_person):
    vera = en_person("Vera")
    headers = {"Authorization": f"Bearer {do_create_api_token(vera)[1]}"}
    client = Client()
    response = client.get("/api/v1/expertise/me/settings", headers=headers)
    assert response.json() == {"question_offers": False, "question_offers_since": None}
    response = client.put(
        "/api/v1/expertise/me/settings",
        {"question_offers": True},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    assert response.json()["question_offers"] is True
    assert response.json()["question_offers_since"]
    assert opted_in_to_question_offers([vera.pk]) == {vera.pk}


def test_api_refuses_a_missing_field(en_person):
    vera = en_person("Vera")
    response = Client().put(
        "/api/v1/expertise/me/settings",
        {},
        content_type="application/json",
        headers={"Authorization": f"Bearer {do_create_api_token(vera)[1]}"},
    )
    assert response.status_code in (400, 422)
    assert "question_offers" in response.content.decode()


def test_export_and_erasure_of_the_opt_in(en_person, run_on_commit):
    vera = en_person("Vera")
    assert build_expertise(vera)["question_offers"] == {
        "opted_in": False,
        "opted_in_at": None,
    }
    run_on_commit(check_set_question_offers, vera, opted_in=True)
    exported = build_expertise(vera)["question_offers"]
    assert exported["opted_in"] is True
    assert exported["opted_in_at"] is not None
    erase_expertise(
        vera,
        ErasureContext(
            actor=None,
            delete_content=False,
            holds=Holds(),
            report_purged=lambda ids: None,
        ),
    )
    assert not QuestionOfferOptIn.objects.filter(person=vera).exists()
