"""The demo's values and kudos are written through the actions."""

import pytest
from django.utils import timezone

from plein.access.roles import Role
from plein.engagement.kudos.demo import KUDOS, add_demo
from plein.engagement.kudos.models import Kudos, Value

pytestmark = pytest.mark.django_db


def test_demo_adds_values_and_kudos_over_the_last_weeks(make_person, make_group):
    keys = {key for _days, giver, praised, *_ in KUDOS for key in (giver, *praised)}
    people = {key: make_person(key.replace(".", " ").title()) for key in sorted(keys)}
    people["admin"] = make_person("Demo Admin", role=Role.ADMIN)
    team = make_group(people["sanne.smit"], "Hypotheken", members=(people["anna"],))
    now = timezone.now()
    add_demo(people, {"hypotheken": team}, now)
    assert Value.objects.count() == 4
    assert Value.objects.filter(is_active=False).count() == 1
    kudos = list(Kudos.objects.select_related("post"))
    assert len(kudos) == len(KUDOS)
    assert all(k.post.created_at < now for k in kudos)
    assert Kudos.objects.filter(team=team, post__group=team).exists()
