"""Creating surveys, opening rounds, answering once, closing and reminding."""

from datetime import timedelta

import pytest
from django.utils import timezone

from plein.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from plein.engagement.surveys.actions import (
    check_create_survey,
    check_submit_response,
    do_close_round,
    do_open_due_rounds,
    do_run_schedule,
    do_send_due_reminders,
)
from plein.engagement.surveys.models import (
    OTHER_UNIT,
    Invitation,
    Recurrence,
    Response,
    Round,
    RoundUnit,
)
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_members_may_not_create_surveys(alice):
    with pytest.raises(Forbidden):
        check_create_survey(alice, title="Pulse", is_organisation_wide=True)


def test_a_survey_needs_an_audience_and_a_question(admin):
    with pytest.raises(InvalidInput) as error:
        check_create_survey(admin, title="Pulse")
    assert error.value.field == "audience"
    with pytest.raises(InvalidInput) as error:
        check_create_survey(
            admin, title="Pulse", has_enps=False, is_organisation_wide=True
        )
    assert error.value.field == "questions"


def test_creating_opens_the_first_round_for_the_audience(admin, org, make_survey):
    survey = make_survey(
        admin, is_organisation_wide=False, department_ids=[org.departments["sales"].pk]
    )
    round_ = survey.rounds.get()
    # Sales includes its sub-departments: 3 + 7 + 2.
    assert round_.invited_count == 12
    invited = set(
        Invitation.objects.filter(round=round_).values_list("person_id", flat=True)
    )
    assert invited == {p.pk for k in ("sales", "north", "south") for p in org.people[k]}
    assert Notification.objects.filter(kind="survey_round").count() == 12


def test_one_answer_per_person(admin, org, make_survey, answer):
    round_ = make_survey(admin).rounds.get()
    person = org.people["it"][0]
    answer(person, round_)
    with pytest.raises(Conflict):
        answer(person, round_)
    assert Response.objects.filter(round=round_).count() == 1


def test_people_outside_the_audience_cannot_answer(
    admin, org, make_survey, answer, carol
):
    round_ = make_survey(
        admin, is_organisation_wide=False, department_ids=[org.departments["it"].pk]
    ).rounds.get()
    with pytest.raises(NotFound):
        answer(carol, round_)
    with pytest.raises(NotFound):
        answer(org.people["legal"][0], round_)


def test_answers_are_validated_by_field(admin, org, make_survey):
    survey = make_survey(admin)
    round_ = survey.rounds.get()
    question = survey.questions.get()
    person = org.people["it"][0]
    for enps, score, field in [
        (11, 3, "enps"),
        (None, 3, "enps"),
        (5, 0, f"q{question.pk}"),
    ]:
        with pytest.raises(InvalidInput) as error:
            check_submit_response(
                person, round_, enps=enps, scores={str(question.pk): score}
            )
        assert error.value.field == field
    assert Invitation.objects.get(round=round_, person=person).has_responded is False


def test_a_comment_with_a_bsn_is_refused_and_nothing_is_recorded(
    admin, org, make_survey, answer
):
    from plein.governance.dlp.models import DlpHit

    round_ = make_survey(admin).rounds.get()
    person = org.people["it"][0]
    with pytest.raises(InvalidInput) as error:
        answer(person, round_, comment="Mijn BSN is 111222333")
    assert error.value.field == "comment"
    assert not DlpHit.objects.exists()
    assert not Response.objects.exists()
    answer(person, round_, comment="More coffee please")
    assert Response.objects.get().comment == "More coffee please"


def test_a_closed_round_refuses_answers(admin, org, make_survey, answer):
    round_ = make_survey(admin).rounds.get()
    do_close_round(round_.pk)
    round_.refresh_from_db()
    with pytest.raises((Conflict, NotFound)):
        answer(org.people["it"][0], round_)


def _departments(org, *keys):
    return [org.departments[k].pk for k in keys]


def test_closing_forgets_who_answered_and_merges_small_units(
    admin, org, make_survey, answer
):
    survey = make_survey(
        admin,
        is_organisation_wide=False,
        department_ids=_departments(org, "sales", "it", "legal"),
    )
    round_ = survey.rounds.get()
    for person in org.everyone():
        answer(person, round_)
    assert do_close_round(round_.pk) is True
    assert do_close_round(round_.pk) is False  # once
    assert not Invitation.objects.filter(round=round_).exists()
    units = {u.key: u for u in RoundUnit.objects.filter(round=round_)}
    d = org.departments
    # Sales South (2) is counted with Sales (3 + 2 = 5); Legal (2) with the
    # other departments, which then take in the smallest unit left (Sales).
    assert units[f"d{d['north'].pk}"].respondents == 7
    assert units[f"d{d['it'].pk}"].respondents == 6
    assert units[OTHER_UNIT].respondents == 7
    assert units[OTHER_UNIT].department_names == ["Legal", "Sales", "Sales South"]
    assert len(units) == 3
    keys = set(Response.objects.filter(round=round_).values_list("unit_key", flat=True))
    assert keys == set(units)


def test_closing_merges_again_by_who_answered(admin, org, make_survey, answer):
    round_ = make_survey(
        admin,
        is_organisation_wide=False,
        department_ids=_departments(org, "sales", "it", "legal"),
    ).rounds.get()
    for person in org.everyone()[:]:
        if person not in org.people["north"][:3]:
            answer(person, round_)
    do_close_round(round_.pk)
    units = {u.key: u.respondents for u in RoundUnit.objects.filter(round=round_)}
    # Four of Sales North answered: fewer than 5, so they are counted where
    # their parent department is (the other departments).
    assert units == {f"d{org.departments['it'].pk}": 6, OTHER_UNIT: 11}


def test_a_round_with_too_few_answers_keeps_no_figures(admin, org, make_survey, answer):
    round_ = make_survey(admin).rounds.get()
    for person in org.people["it"][:4]:
        answer(person, round_)
    do_close_round(round_.pk)
    assert not RoundUnit.objects.filter(round=round_).exists()
    assert set(Response.objects.values_list("unit_key", flat=True)) == {OTHER_UNIT}


def test_reminders_go_only_to_those_who_have_not_answered(
    admin, org, make_survey, answer, run_on_commit
):
    round_ = make_survey(
        admin, is_organisation_wide=False, department_ids=[org.departments["it"].pk]
    ).rounds.get()
    answered, waiting = org.people["it"][:2], org.people["it"][2:]
    for person in answered:
        answer(person, round_)
    assert (
        run_on_commit(do_send_due_reminders, round_.remind_at + timedelta(minutes=1))
        == 4
    )
    reminded = set(
        Notification.objects.filter(kind="survey_reminder").values_list(
            "recipient_id", flat=True
        )
    )
    assert reminded == {p.pk for p in waiting}
    # Once per round.
    assert do_send_due_reminders(round_.remind_at + timedelta(hours=2)) == 0


def test_the_schedule_opens_a_new_round_each_month_once(admin, org, make_survey):
    start = timezone.now() - timedelta(minutes=1)
    survey = make_survey(
        admin, recurrence=Recurrence.MONTHLY, open_days=7, starts_at=start
    )
    first = survey.rounds.get()
    later = first.opens_at + timedelta(days=32)
    result = do_run_schedule(later)
    assert result["closed"] == 1 and result["opened"] == 1
    assert do_run_schedule(later) == {"closed": 0, "opened": 0, "reminded": 0}
    assert list(survey.rounds.values_list("number", flat=True)) == [1, 2]
    assert do_open_due_rounds(later) == 0


def test_a_paused_survey_opens_no_rounds(admin, org, make_survey):
    from plein.engagement.surveys.actions import check_set_survey_active

    survey = make_survey(admin)
    check_set_survey_active(admin, survey, is_active=False)
    assert do_open_due_rounds(timezone.now() + timedelta(days=40)) == 0
    assert Round.objects.count() == 1
