"""Nothing stored, recorded or logged links a person to what they answered."""

import logging

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client

from plein.core.events import capture_events
from plein.engagement.surveys.actions import do_close_round
from plein.engagement.surveys.models import Invitation, Response

pytestmark = pytest.mark.django_db

MARKER = "zebracrossing"


def _all_text_rows() -> dict[str, list[tuple]]:
    """Every row of every table, as the database holds it."""
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our tables
            rows[table] = cursor.fetchall()
    return rows


def _logged_in(person):
    client = Client()
    client.force_login(person)
    return client


def _answer_over_http(person, survey, round_, comment, client=None):
    client = client or _logged_in(person)
    question = survey.questions.get()
    response = client.post(
        f"/surveys/{survey.pk}/respond/",
        {"enps": "9", f"q{question.pk}": "5", "comment": comment},
    )
    assert response.status_code == 302, response.content


def test_a_response_row_has_no_person_no_time_and_a_random_key():
    fields = {f.name: f for f in Response._meta.get_fields()}
    assert not [
        f
        for f in fields.values()
        if f.is_relation
        and f.related_model
        and f.related_model._meta.label == "people.User"
    ]
    assert not [
        f
        for f in fields.values()
        if f.get_internal_type() in ("DateTimeField", "DateField", "TimeField")
    ]
    assert fields["id"].get_internal_type() == "UUIDField"
    # The who-answered record has no time either.
    assert not [
        f
        for f in Invitation._meta.get_fields()
        if getattr(f, "get_internal_type", lambda: "")() == "DateTimeField"
    ]


def test_answering_writes_no_event_no_audit_entry_and_no_log(
    admin, org, make_survey, caplog
):
    from plein.governance.compliance.models import AuditEntry

    survey = make_survey(admin)
    round_ = survey.rounds.get()
    person = org.people["it"][0]
    client = _logged_in(person)  # logging in is audited, answering is not
    audit_before = AuditEntry.objects.count()
    caplog.set_level(logging.DEBUG)
    with capture_events() as events:
        _answer_over_http(person, survey, round_, f"The {MARKER} needs paint", client)
    assert events == []
    assert AuditEntry.objects.count() == audit_before
    for record in caplog.records:
        message = record.getMessage()
        assert MARKER not in message
        assert person.email not in message
    # The text is in the response row and nowhere else.
    holding = [
        table
        for table, rows in _all_text_rows().items()
        if any(MARKER in str(value) for row in rows for value in row)
    ]
    assert holding == [Response._meta.db_table]


def test_after_closing_nothing_links_a_person_to_an_answer(admin, org, make_survey):
    survey = make_survey(admin)
    round_ = survey.rounds.get()
    respondents = org.people["north"] + org.people["it"][:3]
    for number, person in enumerate(respondents):
        _answer_over_http(person, survey, round_, f"{MARKER} {number:02d}")
    assert do_close_round(round_.pk)
    # Who answered is forgotten.
    assert not Invitation.objects.exists()
    # No table of the app names any respondent.
    respondent_ids = {p.pk for p in respondents}
    for model in apps.get_app_config("surveys").get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model._meta.label == "people.User":
                values = set(model.objects.values_list(field.attname, flat=True))
                assert not values & respondent_ids, model
    # The rows were written anew: new keys, and an order that is not the
    # order of answering (10! orders: a match by chance is negligible).
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT comment FROM "{Response._meta.db_table}"'  # noqa: S608
        )
        stored_after = [row[0] for row in cursor.fetchall()]
    answered_order = [f"{MARKER} {n:02d}" for n in range(len(respondents))]
    assert sorted(stored_after) == answered_order
    assert stored_after != answered_order
