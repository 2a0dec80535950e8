"""The triage stream and a mention's triage page: communications only,
plain forms without JavaScript, parts for htmx."""

import pytest
from django.urls import reverse

from plein.access.roles import Role
from plein.listening.triage.actions import (
    check_add_note,
    check_change_triage,
    check_discuss_mention,
)
from plein.listening.triage.models import MentionDiscussion, MentionNote, Triage
from plein.people.models import User
from plein.posts.models import Post

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _get(client, person, url, **headers):
    client.force_login(person)
    return client.get(url, headers=headers)


def test_the_stream_shows_counts_per_state_newest_first(
    client, mentions, moderator, admin
):
    check_change_triage(moderator, mentions[0], assignee=admin)
    response = _get(client, moderator, reverse("listening_triage:stream"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-state="new"' in html and 'data-state="assigned"' in html
    tabs = {value: count for value, _label, count in response.context["tabs"]}
    assert tabs["new"] == 2 and tabs["assigned"] == 1 and tabs["ignored"] == 0
    assert [m.pk for m in response.context["page"].object_list] == [
        m.pk for m in reversed(mentions)
    ]


def test_the_stream_filters_by_state_assignee_sentiment_and_source(
    client, mentions, moderator, admin, source
):
    check_change_triage(moderator, mentions[0], assignee=moderator)
    check_change_triage(moderator, mentions[1], assignee=admin)
    url = reverse("listening_triage:stream")
    ids = lambda response: [m.pk for m in response.context["page"].object_list]  # noqa: E731
    assert ids(_get(client, moderator, url + "?state=assigned")) == [
        mentions[1].pk,
        mentions[0].pk,
    ]
    assert ids(_get(client, moderator, url + "?assignee=mine")) == [mentions[0].pk]
    assert ids(_get(client, moderator, url + "?sentiment=negative")) == [mentions[0].pk]
    assert len(ids(_get(client, moderator, url + f"?source={source.pk}"))) == 3
    assert ids(_get(client, moderator, url + "?source=999999")) == []
    # Unknown values are ignored, not errors.
    assert len(ids(_get(client, moderator, url + "?state=x&sentiment=y"))) == 3
    # Counts follow the other filters.
    response = _get(client, moderator, url + "?assignee=mine")
    assert {v: c for v, _l, c in response.context["tabs"]}["assigned"] == 1


def test_the_stream_answers_its_list_to_htmx(client, mentions, moderator):
    response = _get(client, moderator, reverse("listening_triage:stream"), **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="triage-stream"')
    assert "plein:live-triage from:body" in html
    assert "<html" not in html


@pytest.mark.parametrize("who", ["alice", "guest", "alumnus"])
def test_everyone_but_communications_gets_404(client, mention, request, who):
    person = request.getfixturevalue(who)
    client.force_login(person)
    note = MentionNote.objects.create(mention=mention, text="x")
    for url in (
        reverse("listening_triage:stream"),
        reverse("listening_triage:mention", args=[mention.pk]),
        reverse("listening_triage:discuss", args=[mention.pk]),
        reverse("listening_triage:note-edit", args=[note.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("listening_triage:change", args=[mention.pk]),
        reverse("listening_triage:note-add", args=[mention.pk]),
        reverse("listening_triage:note-delete", args=[note.pk]),
        reverse("listening_triage:discuss", args=[mention.pk]),
    ):
        assert client.post(url, {"state": "ignored", "text": "x"}).status_code == 404
    assert Triage.objects.get(pk=mention.pk).state == "new"


def test_anonymous_visitors_are_sent_to_log_in(client, mention):
    response = client.get(reverse("listening_triage:stream"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_demoted_moderator_loses_the_stream_at_once(client, mention, moderator):
    url = reverse("listening_triage:stream")
    assert _get(client, moderator, url).status_code == 200
    User.objects.filter(pk=moderator.pk).update(role=Role.MEMBER)
    assert client.get(url).status_code == 404
    assert client.get(url, headers=HTMX).status_code == 404


def test_changing_state_and_assignee_with_plain_forms(
    client, mention, moderator, admin
):
    client.force_login(moderator)
    url = reverse("listening_triage:change", args=[mention.pk])
    response = client.post(url, {"assignee": str(admin.pk)})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/listening/triage/{mention.pk}/#triage")
    response = client.post(url, {"state": "needs_response"})
    triage = Triage.objects.get(pk=mention.pk)
    assert (triage.state, triage.assignee) == ("needs_response", admin)
    page = client.get(reverse("listening_triage:mention", args=[mention.pk]))
    html = page.content.decode()
    assert 'data-state="needs_response"' in html
    assert admin.full_name in html


def test_a_refused_change_shows_the_error_on_its_field(
    client, mention, moderator, alice
):
    client.force_login(moderator)
    url = reverse("listening_triage:change", args=[mention.pk])
    response = client.post(url, {"assignee": str(alice.pk)})
    assert response.status_code == 400
    assert "assignee" in response.context["change_form"].errors
    response = client.post(url, {"state": "done"}, headers=HTMX)
    assert response.status_code == 400
    assert "state" in response.context["change_form"].errors
    assert response["HX-Retarget"] == "#triage-panel"
    assert response.content.decode().lstrip().startswith('<div id="triage-panel"')


def test_htmx_gets_the_panel_back_after_a_change(client, mention, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("listening_triage:change", args=[mention.pk]),
        {"state": "ignored"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert 'data-state="ignored"' in response.content.decode()


def test_an_assignee_no_longer_in_communications_is_shown_but_cannot_act(
    client, mention, moderator, admin
):
    check_change_triage(moderator, mention, assignee=admin)
    User.objects.filter(pk=admin.pk).update(role=Role.MEMBER)
    page = _get(
        client, moderator, reverse("listening_triage:mention", args=[mention.pk])
    )
    assert page.context["panel"].assignee == admin
    assert page.context["panel"].assignee_can_act is False
    assert admin not in page.context["panel"].people
    client.force_login(User.objects.get(pk=admin.pk))
    response = client.post(
        reverse("listening_triage:change", args=[mention.pk]), {"state": "ignored"}
    )
    assert response.status_code == 404


def test_notes_are_added_edited_and_deleted_by_their_author(
    client, mention, moderator, admin
):
    client.force_login(moderator)
    response = client.post(
        reverse("listening_triage:note-add", args=[mention.pk]), {"text": "Navragen"}
    )
    assert response.status_code == 302
    note = MentionNote.objects.get()
    edit = reverse("listening_triage:note-edit", args=[note.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"text": "Gedaan"}).status_code == 302
    note.refresh_from_db()
    assert note.text == "Gedaan"
    assert client.post(edit, {"text": ""}).status_code == 400
    # Another communications person sees the note but may not change it.
    client.force_login(admin)
    page = client.get(reverse("listening_triage:mention", args=[mention.pk]))
    assert "Gedaan" in page.content.decode()
    assert edit not in page.content.decode()
    assert client.post(edit, {"text": "Anders"}).status_code == 403
    delete = reverse("listening_triage:note-delete", args=[note.pk])
    assert client.post(delete).status_code == 403
    client.force_login(moderator)
    assert client.post(delete, headers=HTMX).status_code == 200
    assert not MentionNote.objects.exists()


def test_an_empty_note_shows_its_error(client, mention, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("listening_triage:note-add", args=[mention.pk]), {"text": "  "}
    )
    assert response.status_code == 400
    assert "text" in response.context["note_form"].errors


@pytest.fixture
def workgroup(make_group, moderator, admin):
    return make_group(moderator, "Werkgroep Sociale Media", "closed", (admin,))


def test_discuss_form_is_prefilled_and_publishes_in_the_group(
    client, mention, moderator, admin, workgroup
):
    client.force_login(moderator)
    url = reverse("listening_triage:discuss", args=[mention.pk])
    form = client.get(url).context["form"]
    assert form.initial["title"] == mention.title
    assert form.initial["body"].startswith("> **[")
    assert form.fields["group"].choices[1] == (workgroup.pk, workgroup.name)
    response = client.post(
        url,
        {
            "group": str(workgroup.pk),
            "title": form.initial["title"],
            "body": form.initial["body"],
            "required_readers": "admin",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#discussions")
    post = Post.objects.get(group=workgroup)
    assert MentionDiscussion.objects.get().post == post
    page = client.get(reverse("listening_triage:mention", args=[mention.pk]))
    assert reverse("posts:detail", args=[post.pk]) in page.content.decode()


def test_discuss_form_names_the_field_of_a_problem(
    client, mention, moderator, workgroup
):
    client.force_login(moderator)
    url = reverse("listening_triage:discuss", args=[mention.pk])
    response = client.post(
        url, {"group": str(workgroup.pk), "body": "Hoi", "required_readers": "nobody"}
    )
    assert response.status_code == 400
    assert "required_readers" in response.context["form"].errors
    response = client.post(url, {"group": "", "body": "Hoi"})
    assert "group" in response.context["form"].errors
    assert not Post.objects.exists()


def test_a_discussion_in_a_secret_group_is_not_linked_for_who_cannot_see_it(
    client, mention, moderator, admin, make_group
):
    secret = make_group(moderator, "Geheim overleg", "secret")
    post = check_discuss_mention(moderator, mention, group=secret, body="Reageren?")
    link = reverse("posts:detail", args=[post.pk])
    page = _get(
        client, moderator, reverse("listening_triage:mention", args=[mention.pk])
    )
    assert link in page.content.decode()
    page = _get(client, admin, reverse("listening_triage:mention", args=[mention.pk]))
    assert link not in page.content.decode()
    assert page.context["panel"].discussions == []
    assert "Geheim overleg" not in page.content.decode()


def test_the_mentions_page_links_each_mention_to_its_triage(client, mention, moderator):
    page = _get(client, moderator, reverse("mentions:list"))
    assert reverse("listening_triage:mention", args=[mention.pk]) in (
        page.content.decode()
    )


def test_the_mention_page_shows_history_and_notes(client, mention, moderator, admin):
    check_change_triage(moderator, mention, assignee=admin)
    check_add_note(admin, mention, "Ik pak het op.")
    page = _get(
        client, moderator, reverse("listening_triage:mention", args=[mention.pk])
    )
    panel = page.context["panel"]
    assert [(c.from_state, c.to_state) for c in panel.history] == [("new", "assigned")]
    assert [(n.text, can_edit) for n, can_edit in panel.notes] == [
        ("Ik pak het op.", False)
    ]


def test_the_stream_costs_the_same_queries_for_more_mentions(
    client, mentions, moderator, admin, source
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from plein.listening.mentions.actions import FeedItem, do_take_in

    url = reverse("listening_triage:stream")
    client.force_login(moderator)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    do_take_in(
        source, [FeedItem(url=f"https://reviews.example/x{i}") for i in range(10)]
    )
    for mention in mentions:
        check_change_triage(moderator, mention, assignee=admin)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
