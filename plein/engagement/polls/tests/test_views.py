"""The pages and htmx fragments: create, vote, close, quizzes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from plein.engagement.polls.models import POLL, QUIZ, Poll, PollVoter, QuizAttempt
from plein.posts.models import Post

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def test_the_composer_offers_a_poll_and_a_quiz(client, alice):
    client.force_login(alice)
    html = client.get(reverse("feed:home")).content.decode()
    assert reverse("polls:create") in html
    assert reverse("polls:quiz-create") in html


def test_create_a_poll_from_the_form(client, alice, make_group, run_on_commit):
    group = make_group(alice, "Uitjes", "open")
    client.force_login(alice)
    page = client.get(reverse("polls:create"), {"group": group.slug})
    assert page.status_code == 200
    with_form = {
        "question": "Waar gaan we heen?",
        "options": "Strand\nBos\n\n",
        "results_shown": "live",
        "group": str(group.pk),
        "is_multiple": "on",
    }
    response = run_on_commit(client.post, reverse("polls:create"), with_form)
    post = Post.objects.get(kind=POLL)
    assert response.status_code == 302
    assert response["Location"] == reverse("posts:detail", args=[post.pk])
    assert post.group == group
    poll = Poll.objects.get(pk=post.pk)
    assert poll.is_multiple
    assert list(poll.options.values_list("label", flat=True)) == ["Strand", "Bos"]


def test_a_bad_poll_keeps_what_was_typed_and_names_the_field(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("polls:create"),
        {"question": "Wat?", "options": "Alleen", "results_shown": "live"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["options"]
    assert "Alleen" in response.content.decode()
    assert not Post.objects.filter(kind=POLL).exists()


def test_vote_with_htmx_swaps_in_the_results(client, alice, bob, make_poll):
    poll = make_poll(alice)
    client.force_login(bob)
    detail = client.get(reverse("posts:detail", args=[poll.pk])).content.decode()
    assert f'id="poll-{poll.pk}"' in detail
    assert f"plein:live-poll-{poll.pk}" in detail
    bos = poll.options.get(label="Bos")
    response = client.post(
        reverse("polls:vote", args=[poll.pk]), {"option": [bos.pk]}, headers=HX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Change my vote" in html
    assert "Bob Jansen" in html  # a named poll shows who chose what
    assert PollVoter.objects.filter(poll=poll, voter=bob).exists()


def test_vote_without_javascript_redirects_to_the_post(client, alice, bob, make_poll):
    poll = make_poll(alice)
    client.force_login(bob)
    response = client.post(
        reverse("polls:vote", args=[poll.pk]), {"option": [poll.options.first().pk]}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("posts:detail", args=[poll.pk]))


def test_a_vote_without_an_option_says_so(client, alice, bob, make_poll):
    poll = make_poll(alice)
    client.force_login(bob)
    response = client.post(reverse("polls:vote", args=[poll.pk]), {}, headers=HX)
    assert "Choose an option." in response.content.decode()
    assert not PollVoter.objects.exists()


def test_results_after_closing_are_not_in_the_page(client, alice, bob, make_poll, vote):
    poll = make_poll(
        alice, results_shown="closed", closes_at=timezone.now() + timedelta(hours=1)
    )
    vote(bob, poll, "Bos")
    client.force_login(alice)
    html = client.get(reverse("polls:box", args=[poll.pk]), headers=HX).content.decode()
    assert "The results are shown when the poll closes." in html
    assert "Bob Jansen" not in html
    assert "poll-results" not in html


def test_the_author_closes_the_poll(client, alice, bob, make_poll, run_on_commit):
    poll = make_poll(alice)
    client.force_login(bob)
    assert client.post(reverse("polls:close", args=[poll.pk])).status_code == 403
    client.force_login(alice)
    response = run_on_commit(
        client.post, reverse("polls:close", args=[poll.pk]), headers=HX
    )
    assert response.status_code == 200
    poll.refresh_from_db()
    assert poll.closed_at is not None


def test_a_secret_groups_poll_is_404_for_outsiders(
    client, alice, carol, make_group, make_poll
):
    group = make_group(alice, "Geheim", "secret")
    poll = make_poll(alice, group=group)
    client.force_login(carol)
    for name in ("polls:box", "polls:vote", "polls:close"):
        method = client.get if name == "polls:box" else client.post
        assert method(reverse(name, args=[poll.pk]), headers=HX).status_code == 404
    assert (
        "Waar gaan we heen" not in client.get(reverse("polls:index")).content.decode()
    )


def test_create_and_take_a_quiz(client, alice, bob, run_on_commit):
    client.force_login(alice)
    text = (
        "? Hoeveel provincies?\n- 10\n* 12\n> Flevoland is de twaalfde.\n"
        "? Hoofdstad?\n* Amsterdam\n- Den Haag\n"
    )
    response = run_on_commit(
        client.post,
        reverse("polls:quiz-create"),
        {"intro": "Ken je Nederland?", "questions": text, "has_leaderboard": "on"},
    )
    assert response.status_code == 302
    post = Post.objects.get(kind=QUIZ)
    client.force_login(bob)
    html = client.get(reverse("posts:detail", args=[post.pk])).content.decode()
    assert "Hoeveel provincies?" in html
    assert "Flevoland" not in html  # explanations only after answering
    response = client.post(
        reverse("polls:quiz-answer", args=[post.pk]), {"q0": "1", "q1": "1"}, headers=HX
    )
    html = response.content.decode()
    assert "You answered 1 of 2 questions correctly." in html
    assert "Flevoland is de twaalfde." in html
    assert "quiz-leaderboard" in html, html
    assert QuizAttempt.objects.get(taker=bob).score == 1


def test_a_quiz_in_a_bad_format_names_the_line(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("polls:quiz-create"), {"intro": "Quiz", "questions": "Zomaar een regel"}
    )
    assert response.status_code == 200
    assert "Line 1" in str(response.context["form"].errors["questions"])


def test_the_index_lists_visible_polls_and_quizzes(
    client, alice, bob, make_poll, make_quiz
):
    make_poll(alice, question="Pollvraag")
    make_quiz(alice)
    client.force_login(bob)
    html = client.get(reverse("polls:index")).content.decode()
    assert "Pollvraag" in html and "Test je kennis" in html
