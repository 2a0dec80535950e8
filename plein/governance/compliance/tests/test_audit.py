"""The audit log: every event recorded with actor and address, the chain, the page."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from plein.access.roles import Role
from plein.core.events import emit_on_commit
from plein.governance.compliance.audit import (
    record_event,
    request_context,
    verify_chain,
)
from plein.governance.compliance.models import AuditEntry
from plein.groups.actions import check_set_group_role, check_update_group
from plein.notifications.actions import check_set_preference
from plein.people.actions import (
    check_deactivate_person,
    check_reactivate_person,
    check_update_profile,
    do_create_api_token,
    do_revoke_api_token,
)
from plein.posts.actions import (
    check_create_comment,
    check_edit_comment,
    check_pin_post,
    do_delete_comment,
    do_delete_post,
)
from plein.posts.models import CommentRevision

PASSWORD = "correct horse 42"


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("id")


@pytest.fixture
def officer(make_person):
    return make_person("Olga Officer", email="olga@plein.test", role=Role.COMPLIANCE)


# Recording ---------------------------------------------------------------------------


def test_every_event_becomes_an_entry_with_its_actor_and_target(alice):
    before = AuditEntry.objects.count()
    emit_on_commit("posts.post.edited", {"post_id": 7}, [alice.pk], actor_id=alice.pk)
    assert AuditEntry.objects.count() == before + 1
    entry = last("posts.post.edited")
    assert (entry.actor_id, entry.target_type, entry.target_id) == (
        alice.pk,
        "post",
        7,
    )
    assert entry.data == {"post_id": 7}


def test_actions_emit_events_with_actor(alice, bob, admin, make_group, make_post):
    group = make_group(alice, "Team", members=(bob,))
    check_update_group(alice, group, name="Team", description="", kind="closed")
    assert last("groups.group.visibility_changed").data == {
        "group_id": group.pk,
        "from": "open",
        "to": "closed",
    }
    check_set_group_role(alice, group, bob, role="admin")
    assert last("groups.membership.role_changed").actor_id == alice.pk
    post = make_post(alice, "Hallo", group=group)
    check_pin_post(alice, post, pinned=True)
    assert last("posts.post.pinned").actor_id == alice.pk
    comment = check_create_comment(bob, post, body="Typfoutje")
    check_edit_comment(bob, comment, body="Verbeterd")
    assert last("posts.comment.edited").target_id == comment.pk
    do_delete_comment(bob, comment)
    assert last("posts.comment.deleted").actor_id == bob.pk
    do_delete_post(alice, post)
    assert last("posts.post.deleted").target_id == post.pk
    check_update_profile(bob, bob, job_title="Boekhouder")
    profile = last("people.person.profile_edited")
    assert profile.data == {"user_id": bob.pk, "fields": ["job_title"]}
    assert "Boekhouder" not in str(profile.data)
    check_deactivate_person(admin, bob)
    check_reactivate_person(admin, bob)
    assert last("people.person.reactivated").actor_id == admin.pk
    token, _raw = do_create_api_token(alice, name="script")
    do_revoke_api_token(alice, token.pk)
    assert last("people.api_token.revoked").target_id == token.pk
    check_set_preference(alice, "reply", is_enabled=False)
    assert last("notifications.preference.changed").data == {
        "kind": "reply",
        "is_enabled": False,
    }


def test_comment_edit_keeps_the_old_text(alice, make_post):
    post = make_post(alice, "Hallo")
    comment = check_create_comment(alice, post, body="Typfoutje")
    check_edit_comment(alice, comment, body="Verbeterd")
    check_edit_comment(alice, comment, body="Verbeterd")  # unchanged: no revision
    assert list(
        CommentRevision.objects.filter(comment=comment).values_list("body")
    ) == [("Typfoutje",)]


def test_a_request_records_the_signed_in_actor_and_ip(client, alice, make_post):
    post = make_post(alice, "Hallo")
    client.force_login(alice)
    client.post(
        reverse("posts:comment-create", args=[post.pk]),
        {"body": "Via het web"},
        REMOTE_ADDR="10.1.2.3",
    )
    entry = last("posts.comment.created")
    assert (entry.actor_id, entry.ip) == (alice.pk, "10.1.2.3")
    assert verify_chain().intact


def test_events_without_an_actor_take_the_request_user(client, admin, bob):
    client.force_login(admin)
    with transaction.atomic():

        class Request:
            user = admin

        with request_context("192.0.2.9", Request()):  # type: ignore[arg-type]
            emit_on_commit("people.person.deactivated", {"user_id": bob.pk})
    entry = last("people.person.deactivated")
    assert (entry.actor_id, entry.ip) == (admin.pk, "192.0.2.9")


def test_proxy_header_is_used_only_when_configured(client, alice, settings):
    header = {"HTTP_X_FORWARDED_FOR": "203.0.113.5, 198.51.100.7"}
    client.post(
        reverse("people:login"),
        {"username": "alice@plein.test", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        **header,
    )
    assert last("people.login.failed").ip == "10.0.0.1"
    settings.AUDIT_CLIENT_IP_HEADER = "X-Forwarded-For"
    client.post(
        reverse("people:login"),
        {"username": "alice@plein.test", "password": "wrong"},
        REMOTE_ADDR="10.0.0.1",
        **header,
    )
    assert last("people.login.failed").ip == "198.51.100.7"


def test_logins_are_audited_without_credentials(client, alice):
    client.post(
        reverse("people:login"),
        {"username": "alice@plein.test", "password": "not the password"},
    )
    failed = last("people.login.failed")
    assert failed.data == {"user_id": alice.pk}
    assert "alice@" not in str(failed.data)
    client.post(
        reverse("people:login"),
        {"username": "nobody@plein.test", "password": "whatever"},
    )
    assert last("people.login.failed").data == {"known_account": False}
    client.post(
        reverse("people:login"),
        {"username": "alice@plein.test", "password": PASSWORD},
    )
    assert last("people.session.logged_in").actor_id == alice.pk
    client.post(reverse("people:logout"))
    assert last("people.session.logged_out").actor_id == alice.pk


def test_a_failed_recorder_undoes_nothing_it_should_not(alice):
    # record_event nests in the caller's transaction: rolled back together.
    count = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event("test.thing.done", actor_id=alice.pk)
        raise RuntimeError
    assert AuditEntry.objects.count() == count


# The chain ------------------------------------------------------------------------


def test_chain_links_and_verifies(alice):
    first = record_event("test.thing.done", actor_id=alice.pk, data={"n": 1})
    second = record_event("test.thing.done", target=("thing", 5), data={"n": 2})
    assert second.prev_hash == first.hash
    assert verify_chain().intact


def test_verify_command_reports_intact(alice, capsys):
    record_event("test.thing.done", actor_id=alice.pk)
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert out.startswith("Audit log intact: ")


def _without_triggers(sql: str, params: list) -> None:
    """Tamper as an attacker with DDL rights would (rolled back with the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE compliance_auditentry DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE compliance_auditentry ENABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER compliance_audit_no_update")
            cursor.execute(sql, params)


def test_tampering_is_detected(alice):
    record_event("test.thing.done", actor_id=alice.pk, data={"n": 1})
    victim = record_event("test.thing.done", actor_id=alice.pk, data={"n": 2})
    record_event("test.thing.done", actor_id=alice.pk, data={"n": 3})
    _without_triggers(
        "UPDATE compliance_auditentry SET actor_id = %s WHERE id = %s",
        [alice.pk + 1000, victim.pk],
    )
    report = verify_chain()
    assert report.broken_id == victim.pk
    with pytest.raises(CommandError, match=f"entry {victim.pk}"):
        call_command("audit", "verify")


# Append-only in the database ----------------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE compliance_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM compliance_auditentry WHERE id = %s",
    ],
)
def test_the_database_refuses_update_and_delete(alice, sql):
    entry = record_event("test.thing.done", actor_id=alice.pk)
    with (
        pytest.raises(DatabaseError),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, action="test.thing.done").exists()


def test_the_orm_cannot_delete_either(alice):
    entry = record_event("test.thing.done", actor_id=alice.pk)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


# The page ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["alice", "moderator"])
def test_audit_page_is_missing_for_members(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("compliance:audit")).status_code == 404
    assert client.get(reverse("compliance:audit_export")).status_code == 404


def test_audit_page_filters_for_officers(client, officer, alice, bob):
    record_event("test.thing.done", actor_id=alice.pk)
    record_event("test.other.done", actor_id=bob.pk)
    client.force_login(officer)
    html = client.get(reverse("compliance:audit"), {"actor": "alice@plein.test"})
    body = html.content.decode()
    assert html.status_code == 200
    assert "test.thing.done" in body and "test.other.done" not in body
    by_action = client.get(reverse("compliance:audit"), {"action": "test."})
    assert "test.other.done" in by_action.content.decode()


def test_admin_export_is_csv_and_itself_audited(client, admin, alice):
    record_event("test.thing.done", actor_id=alice.pk)
    client.force_login(admin)
    response = client.get(reverse("compliance:audit_export"), {"actor": alice.pk})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith("id,at_utc,actor_id,action")
    assert "test.thing.done" in text
    exported = last("compliance.audit.exported")
    assert exported.actor_id == admin.pk
    assert exported.data["actor_filter"] == alice.pk


def test_admin_changes_are_audited_with_field_names(admin, bob):
    import json

    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    bob.role = Role.MODERATOR
    bob.save(update_fields=["role"])  # as the admin's form does
    LogEntry.objects.create(
        user_id=admin.pk,
        content_type=ContentType.objects.get_for_model(bob),
        object_id=str(bob.pk),
        object_repr=str(bob),
        action_flag=CHANGE,
        change_message=json.dumps([{"changed": {"fields": ["Role", "role"]}}]),
    )
    changed = last("admin.user.changed")
    assert changed.actor_id == admin.pk
    assert changed.target_id == bob.pk
    role = last("people.person.role_changed")
    assert (role.actor_id, role.data) == (
        admin.pk,
        {"user_id": bob.pk, "role": "moderator"},
    )


def test_each_dispatched_event_has_exactly_one_entry(
    alice, bob, make_group, make_post, run_on_commit
):
    from plein.core.events import capture_events

    start = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    with capture_events() as events:
        group = make_group(alice, "Team", members=(bob,))
        post = make_post(alice, "Hallo", group=group)
        run_on_commit(check_create_comment, bob, post, body="Mooi")
    entries = list(AuditEntry.objects.filter(id__gt=start).order_by("id"))
    assert [e.action for e in entries] == [e.name for e in events]
    assert [e.actor_id for e in entries] == [e.actor_id for e in events]
