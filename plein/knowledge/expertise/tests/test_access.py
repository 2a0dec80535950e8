"""plein.access.expertise: who may endorse, and which evidence counts for whom."""

import pytest
from django.contrib.auth.models import AnonymousUser

from plein.access.expertise import (
    can_endorse,
    can_view_topics,
    expert_people_filter,
    visible_evidence_filter,
)
from plein.access.roles import Role
from plein.knowledge.expertise.models import Evidence
from plein.people.models import User

pytestmark = pytest.mark.django_db


def test_anonymous_sees_no_evidence_and_no_experts(skilled):
    skilled("Petra", ["Privacy"])
    anonymous = AnonymousUser()
    assert not Evidence.objects.filter(visible_evidence_filter(anonymous)).exists()
    assert not User.objects.filter(expert_people_filter(anonymous, "")).exists()
    assert not can_endorse(anonymous, User.objects.get())
    assert not can_view_topics(anonymous)


def test_experts_are_active_colleagues_and_a_guests_world_is_their_groups(
    make_person, make_group
):
    owner = make_person("Olga")
    guest = make_person("Gast", role=Role.GUEST)
    make_group(owner, "Partners", kind="closed", members=(guest,))
    stranger = make_person("Stan")
    member_view = set(User.objects.filter(expert_people_filter(owner, "")))
    assert member_view == {owner, stranger}
    assert set(User.objects.filter(expert_people_filter(guest, ""))) == {owner}


def test_who_may_endorse_whom(make_person, make_group, run_on_commit):
    from plein.people.actions import do_deactivate_person

    alice = make_person("Alice")
    bob = make_person("Bob")
    guest = make_person("Gast", role=Role.GUEST)
    gone = make_person("Gone")
    run_on_commit(do_deactivate_person, gone)
    gone.refresh_from_db()
    group = make_group(alice, "Partners", kind="closed", members=(guest,))
    assert group.pk
    assert can_endorse(alice, bob)
    assert not can_endorse(alice, alice)
    assert not can_endorse(alice, guest)
    assert not can_endorse(alice, gone)
    assert not can_endorse(guest, alice)
    assert not can_endorse(gone, alice)
    assert can_view_topics(alice)


def test_sql_form_of_the_rule_agrees_with_the_filter(
    make_person, skilled, make_group, make_post, accepted_answer, confirm, run_on_commit
):
    """visible_evidence_sql admits exactly the rows visible_evidence_filter does."""
    from django.db import connection

    from plein.access.expertise import visible_evidence_sql
    from plein.people.actions import do_deactivate_person

    olga = skilled("Olga", ["Privacy"])
    member = make_person("Mira")
    guest = make_person("Gast", role=Role.GUEST)
    outsider = make_person("Otto")
    admin = make_person("Ada", role=Role.ADMIN)
    gone = skilled("Gone", ["Privacy"])
    groups = {
        kind: make_group(olga, f"Groep {kind}", kind=kind, members=(member, guest))
        for kind in ("open", "closed", "secret")
    }
    for kind, group in groups.items():
        make_post(olga, body=f"#privacy #{kind}", group=group)
        make_post(member, body=f"#privacy #{kind}", group=group)
    make_post(olga, body="#privacy op mijn profiel")
    make_post(member, body="#privacy van Mira")
    accepted_answer(member, olga, tags="privacy", group=groups["closed"])
    confirm(olga, "privacy")
    confirm(member, "open", "hidden")
    run_on_commit(do_deactivate_person, gone)
    assert Evidence.objects.count() > 10
    for viewer in (olga, member, guest, outsider, admin, gone, AnonymousUser()):
        viewer = (
            User.objects.get(pk=viewer.pk) if getattr(viewer, "pk", None) else viewer
        )
        expected = set(
            Evidence.objects.filter(visible_evidence_filter(viewer)).values_list(
                "pk", flat=True
            )
        )
        condition, params = visible_evidence_sql(viewer)
        joins = "LEFT JOIN groups_group g ON g.id = e.group_id JOIN people_user u"
        sql = f"SELECT e.id FROM expertise_evidence e {joins} ON u.id = e.person_id WHERE {condition}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = {row[0] for row in cursor.fetchall()}
        assert found == expected, viewer
