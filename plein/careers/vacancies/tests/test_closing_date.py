"""A vacancy past its closing date takes no applications or referrals.

HR closes a vacancy with its outcome (filled, internal hire, withdrawn),
which may be weeks after the deadline; meanwhile the closing date itself
is what colleagues, alumni and outside visitors observe: the vacancy
counts as ended in the list, its page says applications closed, and
applying or referring for it is refused with the field named.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plein.access.vacancies import can_apply_to_vacancy
from plein.careers.vacancies.models import Vacancy
from plein.core.errors import InvalidInput
from plein.people.models import User

pytestmark = pytest.mark.django_db


def test_past_the_closing_date_is_ended_everywhere_a_user_looks(
    hr, alice, client, publish
):
    deadline = timezone.localdate() + timedelta(days=3)
    vacancy = publish(hr, "Netwerkbeheerder", closes_on=deadline, is_external=True)
    publish(hr, "Servicedesk", closes_on=None)
    User.objects.filter(pk=alice.pk).update(language="en")
    client.force_login(alice)

    def listed(status):
        page = client.get("/vacancies/", {"status": status}).content.decode()
        return "Netwerkbeheerder" in page, "Servicedesk" in page

    assert listed("open") == (True, True)
    assert can_apply_to_vacancy(alice, vacancy)
    public = reverse("vacancies:public", args=[vacancy.pk, "netwerkbeheerder"])
    assert Client().get(public).status_code == 200

    # The days pass: the closing date is yesterday.
    Vacancy.objects.filter(pk=vacancy.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    vacancy = Vacancy.objects.select_related("post").get(pk=vacancy.pk)
    assert vacancy.status == Vacancy.Status.OPEN  # HR has not closed it
    assert not vacancy.takes_applications
    assert listed("open") == (False, True)
    assert listed("ended") == (True, False)
    page = client.get(f"/vacancies/{vacancy.pk}/").content.decode()
    assert "vacancy-applications-closed" in page
    assert "Refer someone" not in page
    assert not can_apply_to_vacancy(alice, vacancy)
    # Outside, the public page is gone with it.
    assert Client().get(public).status_code == 404


def test_applying_or_referring_after_the_closing_date_names_the_field(
    hr, alice, publish
):
    from plein.careers.referrals.actions import check_refer_candidate
    from plein.careers.vacancies.actions import check_apply

    vacancy = publish(hr, closes_on=timezone.localdate())
    Vacancy.objects.filter(pk=vacancy.pk).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    vacancy = Vacancy.objects.select_related("post").get(pk=vacancy.pk)
    with pytest.raises(InvalidInput) as applied, transaction.atomic():
        check_apply(alice, vacancy, motivation="Graag")
    assert applied.value.field == "vacancy"
    with pytest.raises(InvalidInput) as referred, transaction.atomic():
        check_refer_candidate(
            alice, name="Kim Kandidaat", email="kim@example.org", vacancy=vacancy
        )
    assert referred.value.field == "vacancy"
