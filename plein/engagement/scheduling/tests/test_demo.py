"""The demo plans posts for the coming week, so the calendar is not empty."""

import pytest
from django.utils import timezone

from plein.access.roles import Role
from plein.engagement.scheduling.demo import add_demo
from plein.engagement.scheduling.models import ScheduledPost, State

pytestmark = pytest.mark.django_db


def test_demo_plans_the_coming_week(make_person, make_group, run_on_commit):
    from plein.engagement.kudos.actions import check_create_value

    admin = make_person("Ada Admin", handle="ada", role=Role.ADMIN)
    people = {
        "admin": admin,
        "marloes.verbruggen": make_person("Marloes V", handle="marloes"),
        "sanne.smit": make_person("Sanne S", handle="sanne"),
        "anna": make_person("Anna A", handle="anna"),
        "fatima.elamrani": make_person("Fatima E", handle="fatima"),
    }
    everyone = make_group(admin, "Iedereen", "open", members=tuple(people.values())[1:])
    run_on_commit(check_create_value, admin, name_nl="Samen", name_en="Together")
    run_on_commit(add_demo, people, {"iedereen": everyone}, timezone.now())
    planned = ScheduledPost.objects.filter(state=State.SCHEDULED)
    assert set(planned.values_list("source", flat=True)) == {"post", "poll", "kudos"}
    assert planned.count() == 4
    assert any(item.is_announcement for item in planned)
    assert all(item.publish_at > timezone.now() for item in planned)
    assert ScheduledPost.objects.filter(state=State.DRAFT).count() == 1
