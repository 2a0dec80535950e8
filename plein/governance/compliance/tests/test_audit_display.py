"""The audit log page and export name people and objects, at display time."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from plein.access.roles import Role
from plein.core.events import event_labels
from plein.governance.compliance.audit import record_event
from plein.governance.compliance.audit_display import build_audit_rows
from plein.governance.compliance.audit_labels import ACTION_LABELS, action_label
from plein.governance.compliance.erasure import do_erase_person
from plein.governance.compliance.models import AuditEntry
from plein.posts.actions import do_delete_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_person):
    return make_person(
        "Olga Officer", email="olga@plein.test", role=Role.COMPLIANCE, language="en"
    )


@pytest.fixture
def boss(make_person):
    return make_person(
        "Ada Admin", email="ada@plein.test", role=Role.ADMIN, language="en"
    )


def _page(client, **query):
    return client.get(reverse("compliance:audit"), query).content.decode()


def _row(html, action_code):
    """The table row whose action cell names ``action_code``."""
    for row in html.split("<tr>")[1:]:
        cells = row.split("</tr>", 1)[0]
        if action_code in cells:
            return cells
    raise AssertionError(f"no row for {action_code}")


def test_actor_and_person_target_are_names_linked_to_profiles(
    client, officer, alice, bob
):
    record_event(
        "people.follow.created", actor_id=alice.pk, target=("followed", bob.pk)
    )
    client.force_login(officer)
    row = _row(_page(client), "people.follow.created")
    assert f'<a href="/people/{alice.handle}/">{alice.full_name}</a>' in row
    assert f'<a href="/people/{bob.handle}/">{bob.full_name}</a>' in row
    assert "Started following" in row


def test_details_are_a_definition_list_not_a_dict(client, officer, alice, bob):
    record_event(
        "test.thing.done",
        actor_id=alice.pk,
        data={"author_id": bob.pk, "fields": ["title", "body"], "pinned": True},
    )
    client.force_login(officer)
    row = _row(_page(client), "test.thing.done")
    assert "{" not in row and "'" not in row.split("<dl", 1)[1]
    details = row.split("<dl", 1)[1].split("</dl>", 1)[0]
    assert re.search(r"<dt>Author</dt>\s*<dd><a href=\"/people/bob/\">", details)
    assert re.search(r"<dt>Fields</dt>\s*<dd>title, body</dd>", details)
    assert re.search(r"<dt>pinned</dt>\s*<dd>yes</dd>", details)


def test_unknown_action_falls_back_to_its_name(officer):
    record_event("test.thing.done", actor_id=officer.pk)
    [row] = build_audit_rows(
        officer, AuditEntry.objects.filter(action="test.thing.done")
    )
    assert row.action_label == "test.thing.done"
    with translation.override("en"):
        assert action_label("admin.user.changed") == "Changed in the admin: user"
    with translation.override("nl"):
        assert action_label("admin.user.changed") == "Gewijzigd in Beheer: user"


def test_erased_and_deleted_people_show_as_such(client, boss, alice, bob, make_person):
    carol = make_person("Carol Weg", email="carol@plein.test")
    record_event("test.erased.person", actor_id=alice.pk, target=("person", bob.pk))
    record_event("test.gone.person", actor_id=carol.pk + 1000)
    do_erase_person(boss, bob)
    client.force_login(boss)
    html = _page(client)
    erased = _row(html, "test.erased.person")
    bob.refresh_from_db()
    assert bob.full_name.endswith(f"#{bob.pk}")  # the pseudonym
    assert f"{bob.full_name} <span" in erased
    assert "erased</span>" in erased
    assert "Bob" not in erased and "/people/" not in erased.split("</td>")[3]
    gone = _row(html, "test.gone.person")
    assert f"Person #{carol.pk + 1000}" in gone
    assert "deleted</span>" in gone


def test_objects_are_linked_when_visible_and_marked_when_deleted(
    client, officer, alice, make_group, make_post
):
    group = make_group(alice, "Verbouwing", "open")
    secret = make_group(alice, "Fusie", "secret")
    shown = make_post(alice, "**Nieuwe** vloer", group=group)
    hidden = make_post(alice, "Geheim plan", group=secret)
    removed = make_post(alice, "Weg ermee", group=group)
    do_delete_post(alice, removed)
    for post in (shown, hidden, removed):
        record_event(f"test.post.{post.pk}", target=post)
    record_event("test.group.named", target=group)
    record_event("test.group.secret", target=secret)
    client.force_login(officer)
    html = _page(client)
    shown_row = _row(html, f"test.post.{shown.pk}")
    assert f'<a href="/posts/{shown.pk}/">Post #{shown.pk}</a>' in shown_row
    assert "vloer" not in shown_row  # what people wrote stays out of the log
    hidden_row = _row(html, f"test.post.{hidden.pk}")
    assert f"Post #{hidden.pk}" in hidden_row and "Geheim" not in hidden_row
    assert f"Post #{removed.pk}" in _row(html, f"test.post.{removed.pk}")
    assert "deleted</span>" in _row(html, f"test.post.{removed.pk}")
    assert ">Verbouwing</a>" in _row(html, "test.group.named")
    assert "Fusie" not in _row(html, "test.group.secret")


def test_page_queries_do_not_grow_with_entries(
    client, officer, alice, bob, make_post, django_assert_max_num_queries
):
    post = make_post(alice, "Iets")
    for _ in range(3):
        record_event("test.small", actor_id=alice.pk, target=post)
    client.force_login(officer)
    with django_assert_max_num_queries(12) as few:
        _page(client)
    for index in range(40):
        who = alice if index % 2 else bob
        record_event(
            "test.many", actor_id=who.pk, target=post, data={"user_id": who.pk}
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = _page(client)
    assert html.count("test.many") == 40


def test_export_keeps_machine_columns_and_adds_names(client, boss, alice, bob):
    record_event(
        "people.follow.created", actor_id=alice.pk, target=("followed", bob.pk)
    )
    client.force_login(boss)
    response = client.get(reverse("compliance:audit_export"), {"actor": alice.pk})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header = rows[0]
    assert header[:9] == [
        "id", "at_utc", "actor_id", "action", "target_type", "target_id",
        "data", "ip", "hash",
    ]  # fmt: skip
    assert header[9:] == ["action_label", "actor_name", "target_name"]
    [row] = [r for r in rows[1:] if r[3] == "people.follow.created"]
    assert row[2] == str(alice.pk)
    assert row[9:] == ["Started following", alice.full_name, bob.full_name]


def test_every_emitted_event_has_a_label():
    # Event names written in the code as emit_on_commit("app.noun.verb", ...).
    emitted = set()
    pattern = re.compile(r'emit_on_commit\(\s*"([a-z_]+\.[a-z_]+\.[a-z_]+)"')
    for path in (Path(settings.BASE_DIR) / "plein").rglob("*.py"):
        if "tests" not in path.parts:
            emitted |= set(pattern.findall(path.read_text(encoding="utf-8")))
    assert len(emitted) > 50
    labelled = ACTION_LABELS.keys() | event_labels().keys()
    assert sorted(emitted - labelled) == []


def test_every_label_reads_in_dutch():
    from django.utils import translation

    from plein.governance.compliance.audit_labels import (
        ADMIN_VERB_LABELS,
        DETAIL_LABELS,
    )

    labels = [*ACTION_LABELS.values(), *event_labels().values()]
    labels += ADMIN_VERB_LABELS.values()
    labels += DETAIL_LABELS.values()
    untranslated = []
    for label in labels:
        with translation.override("en"):
            english = str(label)
        with translation.override("nl"):
            if str(label) == english:
                untranslated.append(english)
    assert untranslated == []
