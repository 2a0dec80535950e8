"""Results: eNPS math, groups of 5 or more, no subtraction, trends and CSV."""

import pytest

from plein.engagement.surveys.actions import do_close_round, do_open_round
from plein.engagement.surveys.queries import (
    Enps,
    build_results_csv,
    build_round_results,
    build_trend,
)

pytestmark = pytest.mark.django_db


def test_enps_is_percent_promoters_minus_percent_detractors():
    # 0..10 once each: promoters 9, 10 (2); detractors 0..6 (7); n = 11.
    enps = Enps.from_counts([1] * 11)
    assert (enps.promoters, enps.passives, enps.detractors) == (2, 2, 7)
    assert enps.score == -45.5  # (2 - 7) / 11 = -45.45...%
    assert Enps.from_counts([0] * 9 + [3, 1]).score == 100.0
    assert Enps.from_counts([0] * 7 + [4, 0, 0, 0]).score == 0.0
    assert Enps.from_counts([2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]).score == 20.0
    assert enps.promoters_percent == 18.2
    assert enps.detractors_percent == 63.6


def _close_with(answer, round_, answers):
    for person, enps in answers:
        answer(person, round_, enps=enps)
    do_close_round(round_.pk)
    round_.refresh_from_db()
    return build_round_results(round_)


def test_every_shown_group_has_five_and_the_groups_add_up_to_the_total(
    admin, org, make_survey, answer
):
    round_ = make_survey(admin).rounds.get()
    results = _close_with(answer, round_, [(p, 10) for p in org.everyone()])
    assert all(unit.respondents >= 5 for unit in results.units)
    assert sum(u.respondents for u in results.units) == results.total.respondents
    # Subtracting any set of shown groups from the total leaves a union of
    # whole groups: there is no group smaller than 5 to find.
    assert results.total.respondents == 20
    enps_counts = [u.enps.respondents for u in results.units]
    assert sum(enps_counts) == results.total.enps.respondents


def test_a_small_department_never_shows_on_its_own(admin, org, make_survey, answer):
    round_ = make_survey(admin).rounds.get()
    # Legal's two detract, everyone else promotes.
    answers = [(p, 0 if p in org.people["legal"] else 10) for p in org.everyone()]
    results = _close_with(answer, round_, answers)
    legal = [u for u in results.units if "Legal" in u.departments]
    assert len(legal) == 1 and legal[0].respondents >= 5
    assert legal[0].label != "Legal"


def test_trends_keep_merged_departments_together_in_every_round(
    admin, org, make_survey, answer, run_on_commit
):
    survey = make_survey(admin)
    first = survey.rounds.get()
    # Round 1: all of Sales North answer (7: a unit of its own).
    _close_with(answer, first, [(p, 9) for p in org.everyone()])
    second = run_on_commit(do_open_round, survey, 2)
    # Round 2: only four of Sales North answer: they are merged upward.
    few = [p for p in org.everyone() if p not in org.people["north"][4:]]
    _close_with(answer, second, [(p, 9) for p in few])
    totals, series = build_trend(survey)
    assert [p.respondents for p in totals] == [20, 17]
    north = [s for s in series if "Sales North" in s.departments]
    assert len(north) == 1
    # Sales North is not a series of its own in any round: in round 2 it was
    # merged, so the two rounds' figures for it cannot be subtracted.
    assert len(north[0].departments) > 1
    for point in north[0].points:
        assert point.respondents >= 5
    for item in series:
        for point in item.points:
            assert point.respondents >= 5
    # Per round, the series add up to the total.
    for index, total in enumerate(totals):
        assert sum(s.points[index].respondents for s in series) == total.respondents


def test_csv_has_the_total_and_each_group_of_closed_rounds(
    admin, org, make_survey, answer
):
    survey = make_survey(admin)
    round_ = survey.rounds.get()
    _close_with(answer, round_, [(p, 10) for p in org.everyone()])
    rows = build_results_csv(survey)
    header, *body = rows
    assert header[:7] == [
        "round",
        "opened",
        "closed",
        "unit",
        "departments",
        "respondents",
        "enps",
    ]
    assert body[0][3] == "total" and body[0][5] == 20 and body[0][6] == 100.0
    assert all(row[5] >= 5 for row in body)
    assert sum(row[5] for row in body[1:]) == 20
    assert header[-1].startswith("q1_mean")
    assert body[0][-1] == 4.0


def test_a_round_below_the_minimum_shows_nothing(admin, org, make_survey, answer):
    survey = make_survey(admin)
    round_ = survey.rounds.get()
    results = _close_with(answer, round_, [(p, 10) for p in org.people["it"][:4]])
    assert results.total is None and results.units == [] and results.comments == []
    assert build_results_csv(survey)[1:] == []


def test_the_minimum_follows_the_setting_but_never_below_five(
    admin, org, make_survey, answer, settings
):
    settings.SURVEY_MIN_GROUP = 7
    round_ = make_survey(admin).rounds.get()
    results = _close_with(answer, round_, [(p, 10) for p in org.everyone()])
    assert all(u.respondents >= 7 for u in results.units)
    settings.SURVEY_MIN_GROUP = 2
    from plein.engagement.surveys.actions import min_group

    assert min_group() == 5


def test_comments_are_shown_round_wide_shuffled_and_leak_checked(
    admin, org, make_survey, answer
):
    from plein.governance.dlp.models import DlpTerm

    round_ = make_survey(admin).rounds.get()
    for number, person in enumerate(org.everyone()):
        answer(person, round_, comment=f"comment {number:02d}" if number < 6 else "")
    # A term added after the answers: that comment is left out when shown.
    DlpTerm.objects.create(term="comment 03")
    from plein.governance.dlp.actions import forget_settings

    forget_settings()
    do_close_round(round_.pk)
    round_.refresh_from_db()
    results = build_round_results(round_)
    assert sorted(results.comments) == [f"comment {n:02d}" for n in range(6) if n != 3]
