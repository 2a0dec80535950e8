"""Publishing, following, sharing, applying, moving and closing."""

import pytest
from django.db import transaction

from plein.access.vacancies import access_vacancy
from plein.careers.vacancies.actions import (
    check_close_vacancy,
    check_follow_department,
    check_share_vacancy,
    check_withdraw_application,
    do_record_share_visit,
)
from plein.careers.vacancies.models import Stage, Vacancy
from plein.core.errors import InvalidInput
from plein.core.events import capture_events
from plein.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _kinds(person):
    return list(
        Notification.objects.filter(recipient=person).values_list("kind", flat=True)
    )


def test_vacancy_reaches_the_feed_of_those_who_may_see_it(
    hr, alice, bob, make_group, publish, client
):
    group = make_group(alice, "Team Data", "closed", members=(hr,))
    publish(hr, "Zichtbare vacature", group=group)
    client.force_login(alice)
    assert "Zichtbare vacature" in client.get("/").content.decode()
    client.force_login(bob)
    assert "Zichtbare vacature" not in client.get("/").content.decode()


def test_followers_are_told_only_about_vacancies_they_may_see(
    hr, alice, bob, department, make_group, publish, run_on_commit
):
    for person in (alice, bob):
        run_on_commit(check_follow_department, person, department)
    group = make_group(alice, "Team Data", "closed", members=(hr,))
    publish(hr, "Voor iedereen")
    publish(hr, "Alleen de groep", group=group)
    assert _kinds(alice).count("vacancy_new") == 2
    assert _kinds(bob).count("vacancy_new") == 1
    run_on_commit(check_follow_department, bob, department, follow=False)
    publish(hr, "Nog een")
    assert _kinds(bob).count("vacancy_new") == 1


def test_share_link_credits_the_sharer_and_counts_visits(
    hr, alice, bob, publish, apply, run_on_commit
):
    vacancy = publish(hr, is_external=True)
    link = run_on_commit(check_share_vacancy, alice, vacancy)
    assert run_on_commit(check_share_vacancy, alice, vacancy) == link
    assert do_record_share_visit(vacancy, link.token) == link
    assert do_record_share_visit(vacancy, "nonsense") is None
    link.refresh_from_db()
    assert link.visit_count == 1
    application = apply(bob, vacancy, share_token=link.token)
    assert application.share_link == link
    # One's own link credits nobody.
    own = apply(alice, vacancy, share_token=link.token)
    assert own.share_link is None


def test_only_external_open_vacancies_can_be_shared(hr, alice, publish):
    vacancy = publish(hr)
    with pytest.raises(InvalidInput) as error:
        check_share_vacancy(alice, vacancy)
    assert error.value.field == "vacancy"


def test_stage_changes_notify_the_applicant_and_withdrawing_stops(
    hr, alice, publish, apply, move, run_on_commit
):
    vacancy = publish(hr)
    with capture_events() as events:
        application = apply(alice, vacancy, manager_sees_from="offer")
    submitted = [e for e in events if e.name == "vacancies.application.submitted"]
    assert [set(e.audience_ids) for e in submitted] == [{alice.pk}]
    assert "vacancy_applied" in _kinds(hr)
    move(hr, application, "interview")
    assert _kinds(alice).count("vacancy_application") == 1
    application.refresh_from_db()
    run_on_commit(check_withdraw_application, alice, application)
    application.refresh_from_db()
    assert application.status == Stage.WITHDRAWN
    with pytest.raises(InvalidInput):
        move(hr, application, "offer")
    with pytest.raises(InvalidInput):
        run_on_commit(check_withdraw_application, alice, application)


def test_applying_twice_is_refused_but_after_withdrawing_allowed(
    hr, alice, publish, apply, run_on_commit
):
    vacancy = publish(hr)
    application = apply(alice, vacancy)
    with pytest.raises(InvalidInput) as error:
        apply(alice, vacancy)
    assert error.value.field == "vacancy"
    run_on_commit(check_withdraw_application, alice, application)
    again = apply(alice, vacancy, manager_sees_from="offer")
    assert again.pk == application.pk
    assert again.status == Stage.SUBMITTED
    assert not again.is_shown_to_manager


def test_closing_records_where_the_hire_came_from_once(hr, publish, run_on_commit):
    vacancy = publish(hr)
    with pytest.raises(InvalidInput) as error:
        check_close_vacancy(hr, vacancy, status="filled")
    assert error.value.field == "hired_from"
    with transaction.atomic():
        closed = check_close_vacancy(
            hr, access_vacancy(hr, vacancy.pk), status="filled", hired_from="referral"
        )
    assert closed.status == Vacancy.Status.FILLED
    assert closed.hired_from == "referral"
    ended_at = closed.ended_at
    again = check_close_vacancy(hr, closed, status="closed")
    assert again.ended_at == ended_at and again.status == Vacancy.Status.FILLED


def test_the_author_edits_title_and_text_as_a_post(hr, publish, run_on_commit):
    from plein.posts.actions import check_edit_post

    vacancy = publish(hr)
    post = run_on_commit(
        check_edit_post, hr, vacancy.post, body="Nieuwe tekst", title="Nieuwe titel"
    )
    assert post.title == "Nieuwe titel"
    with pytest.raises(InvalidInput) as error:
        check_edit_post(hr, vacancy.post, body="Tekst", title="")
    assert error.value.field == "title"
