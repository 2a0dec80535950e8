"""The question pages: ask with suggestions, answer, vote, accept, invite, lists."""

import pytest
from django.urls import reverse

from plein.knowledge.qna.actions import check_accept_answer
from plein.knowledge.qna.models import AnswerVote, Question
from plein.notifications.models import Notification
from plein.posts.models import Post

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def ann(make_person):
    return make_person("Ann English", language="en")


def test_asking_redirects_to_the_question(client, ann):
    client.force_login(ann)
    assert client.get(reverse("qna:ask")).status_code == 200
    response = client.post(
        reverse("qna:ask"),
        {"title": "Where is the printer?", "body": "Second floor?", "tags": "office"},
    )
    post = Post.objects.get(kind="question")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("qna:detail", args=[post.pk]))
    page = client.get(reverse("qna:detail", args=[post.pk]))
    assert b"Where is the printer?" in page.content and b"#office" in page.content


def test_ask_errors_keep_the_text_and_name_the_field(client, ann):
    client.force_login(ann)
    response = client.post(
        reverse("qna:ask"), {"title": "", "body": "My carefully typed details"}
    )
    assert response.status_code == 200
    assert b"A question needs a title." in response.content
    assert b"My carefully typed details" in response.content
    response = client.post(
        reverse("qna:ask"), {"title": "Fine title", "body": "x", "tags": "bad!tag"}
    )
    assert b"is not a tag" in response.content and b"Fine title" in response.content
    assert not Post.objects.exists()


def test_suggest_shows_related_questions_while_typing(client, ann, bob, ask):
    question = ask(bob, title="Hoe werkt de fietsregeling?")
    client.force_login(ann)
    response = client.get(
        reverse("qna:suggest"), {"title": "fietsregeling"}, headers=HTMX
    )
    assert reverse("qna:detail", args=[question.pk]).encode() in response.content
    empty = client.get(reverse("qna:suggest"), {"title": "de"}, headers=HTMX)
    assert b"qna" not in empty.content and empty.status_code == 200


def test_post_detail_of_a_question_redirects(client, alice, ask):
    question = ask(alice)
    client.force_login(alice)
    response = client.get(reverse("posts:detail", args=[question.pk]))
    assert response["Location"] == reverse("qna:detail", args=[question.pk])


def test_answer_vote_and_accept_through_the_pages(client, alice, bob, carol, ask):
    question = ask(alice)
    client.force_login(bob)
    response = client.post(
        reverse("qna:answer", args=[question.pk]), {"body": "Bij de receptie."}
    )
    answer = question.comments.get()
    assert (
        response.status_code == 302 and f"#comment-{answer.pk}" in response["Location"]
    )
    client.force_login(carol)
    voted = client.post(
        reverse("qna:vote", args=[answer.pk]), {"on": "1"}, headers=HTMX
    )
    assert voted.status_code == 200 and b'aria-pressed="true"' in voted.content
    assert AnswerVote.objects.filter(voter=carol).count() == 1
    refused = client.post(
        reverse("qna:accept", args=[question.pk]), {"answer_id": answer.pk}
    )
    assert refused.status_code == 403
    client.force_login(alice)
    page = client.get(reverse("qna:detail", args=[question.pk]))
    assert b"accept-button" in page.content
    client.post(reverse("qna:accept", args=[question.pk]), {"answer_id": answer.pk})
    assert Question.objects.get(pk=question.pk).accepted_answer == answer
    client.post(reverse("qna:accept", args=[question.pk]), {})
    assert Question.objects.get(pk=question.pk).accepted_answer is None


def test_own_answer_has_no_vote_button_and_voting_is_refused(
    client, alice, bob, ask, answer
):
    question = ask(alice)
    reply = answer(bob, question)
    client.force_login(bob)
    page = client.get(reverse("qna:detail", args=[question.pk]))
    assert (
        f'action="{reverse("qna:vote", args=[reply.pk])}"'.encode() not in page.content
    )
    assert (
        client.post(reverse("qna:vote", args=[reply.pk]), {"on": "1"}).status_code
        == 403
    )


def test_empty_answer_keeps_the_form_with_an_error(client, ann, alice, ask):
    question = ask(alice)
    client.force_login(ann)
    response = client.post(
        reverse("qna:answer", args=[question.pk]), {"body": "  "}, headers=HTMX
    )
    assert response["HX-Retarget"] == "#answer-form"
    assert b"field-error" in response.content


def test_invite_from_the_page_notifies_colleagues(client, alice, bob, ask):
    question = ask(alice)
    client.force_login(alice)
    client.post(reverse("qna:invite", args=[question.pk]), {"people": [bob.pk]})
    assert Notification.objects.filter(recipient=bob, kind="question_invite").exists()


def test_index_tabs_and_group_page(client, alice, bob, ask, answer, make_group):
    group = make_group(alice, "Facilitair", "open", members=(bob,))
    waiting = ask(alice, title="Sleutel kwijt?", group=group)
    solved = ask(alice, title="Parkeerkaart?", group=group)
    check_accept_answer(alice, solved, answer(bob, solved))
    client.force_login(bob)
    unanswered = client.get(reverse("qna:index"), {"tab": "unanswered"})
    assert b"Sleutel kwijt?" in unanswered.content
    assert b"Parkeerkaart?" not in unanswered.content
    answered = client.get(
        reverse("qna:index"), {"tab": "answered", "group": group.slug}
    )
    assert b"Parkeerkaart?" in answered.content
    page = client.get(reverse("qna:group-unanswered", args=[group.slug]))
    assert page.status_code == 200 and b"Sleutel kwijt?" in page.content
    assert waiting.pk


def test_feed_card_of_a_question_shows_its_state(
    client, alice, bob, ask, answer, make_group
):
    group = make_group(alice, "Kantoor", "open", members=(bob,))
    question = ask(alice, title="Wie heeft de beamer?", group=group)
    answer(bob, question)
    client.force_login(bob)
    page = client.get(reverse("groups:detail", args=[group.slug]))
    assert reverse("qna:detail", args=[question.pk]).encode() in page.content
    assert reverse("qna:group-unanswered", args=[group.slug]).encode() in page.content


def test_outsiders_get_404_for_secret_questions_and_group_pages(
    client, alice, carol, ask, make_group
):
    secret = make_group(alice, "Kluis", "secret")
    question = ask(alice, title="Geheime vraag?", group=secret)
    client.force_login(carol)
    assert client.get(reverse("qna:detail", args=[question.pk])).status_code == 404
    assert (
        client.get(reverse("qna:group-unanswered", args=[secret.slug])).status_code
        == 404
    )
    assert b"Geheime vraag?" not in client.get(reverse("qna:index")).content
    suggest = client.get(reverse("qna:suggest"), {"title": "geheime vraag"})
    assert b"Geheime" not in suggest.content


def test_htmx_answer_is_appended_with_its_controls(client, alice, bob, ask):
    question = ask(alice)
    client.force_login(bob)
    response = client.post(
        reverse("qna:answer", args=[question.pk]),
        {"body": "Bij de balie."},
        headers=HTMX,
    )
    answer = question.comments.get()
    assert f'id="comment-{answer.pk}"'.encode() in response.content
    assert b"Bij de balie." in response.content
    assert b"accept-button" not in response.content  # Bob did not ask


BSN_TEXT = "Kun je de uitkering regelen? Zijn BSN is 111222333."
MARKER_TEXT = "Strikt vertrouwelijk: de plannen voor volgend jaar."


def test_leak_prevention_refusal_keeps_the_question_and_shows_why(client, ann):
    from plein.governance.dlp.models import DlpHit

    client.force_login(ann)
    response = client.post(
        reverse("qna:ask"), {"title": "Uitkering regelen?", "body": BSN_TEXT}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "111222333" in html and "******333" in html
    assert "Uitkering regelen?" in html
    assert not Post.objects.exists()
    assert DlpHit.objects.get().person == ann


def test_leak_warning_asks_for_a_justification_on_answers(client, ann, alice, ask):
    question = ask(alice)
    client.force_login(ann)
    response = client.post(
        reverse("qna:answer", args=[question.pk]), {"body": MARKER_TEXT}, headers=HTMX
    )
    assert response["HX-Retarget"] == "#answer-form"
    assert 'name="justification"' in response.content.decode()
    assert not question.comments.exists()
    blocked = client.post(
        reverse("qna:answer", args=[question.pk]), {"body": BSN_TEXT}, headers=HTMX
    )
    assert "******333" in blocked.content.decode()


def test_feed_cards_say_answered_or_count_answers(
    client, make_person, alice, bob, ask, answer, make_group
):
    reader = make_person("Rita Reader", language="en")
    group = make_group(alice, "Open huis", "open", members=(bob, reader))
    solved = ask(alice, title="Opgelost?", group=group)
    check_accept_answer(alice, solved, answer(bob, solved))
    waiting = ask(alice, title="Wachtend?", group=group)
    answer(bob, waiting)
    answer(reader, waiting, "Ik ook niet")
    client.force_login(reader)
    html = client.get(reverse("groups:detail", args=[group.slug])).content.decode()
    assert "answered" in html and "2 answers" in html


def test_comments_on_answers_are_replies_shown_under_the_answer(
    client, alice, bob, ask, answer
):
    question = ask(alice)
    reply_to = answer(bob, question)
    client.force_login(alice)
    response = client.post(
        reverse("posts:comment-create", args=[question.pk]),
        {"body": "Dank je, Bob!", "parent_id": reply_to.pk},
        headers=HTMX,
    )
    assert response.status_code == 200 and b"comment-reply" in response.content
    page = client.get(reverse("qna:detail", args=[question.pk])).content.decode()
    replies = page.split(f'id="replies-{reply_to.pk}"')[1].split("</ol>")[0]
    assert "Dank je, Bob!" in replies


def test_invite_by_handle_names_unknown_people(client, make_person, alice, bob, ask):
    asker = make_person("Asha Asker", language="en")
    question = ask(asker)
    client.force_login(asker)
    url = reverse("qna:invite", args=[question.pk])
    client.post(url, {"handles": "@bob"})
    assert Notification.objects.filter(recipient=bob, kind="question_invite").exists()
    response = client.post(url, {"handles": "@nobody-here"})
    assert response.status_code == 400
    assert b"@nobody-here" in response.content
