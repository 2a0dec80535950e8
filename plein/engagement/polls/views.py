"""Pages and htmx fragments for polls and quizzes.

Thin views: parse with a form, fetch through ``plein.access``, change state
through the polls actions in a durable transaction, then answer with a page,
the poll's or quiz's box (htmx) or a redirect to the post. A poll and a quiz
have no page of their own: their box is part of the post's card.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.groups import access_group
from plein.access.polls import access_poll, access_quiz
from plein.access.posts import visible_posts
from plein.core.errors import InvalidInput
from plein.core.forms import add_action_error, publish_with_form
from plein.engagement.polls.actions import (
    check_close_poll,
    check_create_poll,
    check_create_quiz,
    check_take_quiz,
    check_vote,
)
from plein.engagement.polls.forms import (
    POLL_FIELD_ALIASES,
    QUIZ_FIELD_ALIASES,
    PollForm,
    QuizForm,
    VoteForm,
    parse_quiz_text,
)
from plein.engagement.polls.models import POLL, QUIZ, Poll, Quiz, QuizQuestion
from plein.engagement.polls.queries import get_poll_state, get_quiz_state
from plein.groups.queries import list_my_groups
from plein.people.http import AuthedRequest
from plein.posts.queries import get_post_cards
from plein.posts.views import HELD_MESSAGE

INDEX_LENGTH = 30


def _initial_group(request: AuthedRequest, groups: list[Any]) -> dict[str, Any]:
    slug = request.GET.get("group")
    if not slug:
        return {}
    return {"group": next((g.pk for g in groups if g.slug == slug), None)}


def _published(request: AuthedRequest, post: Any, message: str) -> HttpResponse:
    if post.is_withheld:
        messages.info(request, HELD_MESSAGE)
    else:
        messages.success(request, message)
    return redirect(reverse("posts:detail", args=[post.pk]))


@login_required
@require_GET
def poll_index(request: AuthedRequest) -> HttpResponse:
    """The newest polls and quizzes the reader may see."""
    post_ids = list(
        visible_posts(request.user)
        .filter(kind__in=[POLL, QUIZ])
        .order_by("-pk")
        .values_list("pk", flat=True)[:INDEX_LENGTH]
    )
    return render(
        request,
        "polls/poll_index.html",
        {"posts": get_post_cards(request.user, post_ids)},
    )


def publish_poll_from_form(user: Any, form: PollForm) -> Any:
    """Publish the poll a valid form describes (the page's and scheduling's way)."""
    data = form.cleaned_data
    group = access_group(user, group_id=data["group"]) if data["group"] else None
    return check_create_poll(
        user,
        question=data["question"],
        options=form.option_list(),
        group=group,
        is_multiple=data["is_multiple"],
        allows_other=data["allows_other"],
        is_anonymous=data["is_anonymous"],
        results_shown=data["results_shown"],
        closes_at=data["closes_at"],
        language=data["language"] or None,
        justification=data["justification"],
    )


def publish_quiz_from_form(user: Any, form: QuizForm) -> Any:
    """Publish the quiz a valid form describes (the page's and scheduling's way)."""
    data = form.cleaned_data
    group = access_group(user, group_id=data["group"]) if data["group"] else None
    return check_create_quiz(
        user,
        intro=data["intro"],
        questions=parse_quiz_text(data["questions"]),
        group=group,
        is_anonymous=data["is_anonymous"],
        has_leaderboard=data["has_leaderboard"],
        language=data["language"] or None,
        justification=data["justification"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def poll_create(request: AuthedRequest) -> HttpResponse:
    """Publish a poll on one's profile or in one of one's groups."""
    groups = list_my_groups(request.user)
    if request.method == "GET":
        form = PollForm(groups=groups, initial=_initial_group(request, groups))
        return render(request, "polls/poll_create.html", {"form": form})
    form = PollForm(request.POST, groups=groups)
    post = None
    if form.is_valid():
        post = publish_with_form(
            form,
            lambda: publish_poll_from_form(request.user, form),
            POLL_FIELD_ALIASES,
        )
    if post is None:
        return render(request, "polls/poll_create.html", {"form": form})
    return _published(request, post, _("Your poll has been published."))


@login_required
@require_http_methods(["GET", "POST"])
def quiz_create(request: AuthedRequest) -> HttpResponse:
    """Publish a quiz on one's profile or in one of one's groups."""
    groups = list_my_groups(request.user)
    if request.method == "GET":
        form = QuizForm(groups=groups, initial=_initial_group(request, groups))
        return render(request, "polls/quiz_create.html", {"form": form})
    form = QuizForm(request.POST, groups=groups)
    post = None
    if form.is_valid():
        post = publish_with_form(
            form,
            lambda: publish_quiz_from_form(request.user, form),
            QUIZ_FIELD_ALIASES,
        )
    if post is None:
        return render(request, "polls/quiz_create.html", {"form": form})
    return _published(request, post, _("Your quiz has been published."))


def _poll_box(
    request: AuthedRequest, poll: Poll, form: VoteForm | None = None
) -> HttpResponse:
    post: Any = poll.post
    post.poll_state = get_poll_state(request.user, poll)
    return render(
        request,
        "polls/kinds/_poll_body.html",
        {"post": post, "vote_form": form},
    )


@login_required
@require_GET
@vary_on_headers("HX-Request")
def poll_box(request: AuthedRequest, post_id: int) -> HttpResponse:
    """The poll's box (htmx, live refresh); the post's page otherwise."""
    poll = access_poll(request.user, post_id)
    if not request.htmx:
        return redirect(reverse("posts:detail", args=[poll.pk]))
    return _poll_box(request, poll)


@login_required
@require_POST
@vary_on_headers("HX-Request")
def poll_vote(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Vote; htmx swaps in the poll's box, otherwise back to the post."""
    poll = access_poll(request.user, post_id)
    form = VoteForm(request.POST, option_ids=poll.options.values_list("pk", flat=True))
    if form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_vote(
                    request.user,
                    poll,
                    option_ids=form.cleaned_data["option"],
                    other=form.cleaned_data["other"],
                )
        except InvalidInput as invalid:
            add_action_error(form, invalid, {"option_ids": "option"})
    if request.htmx:
        return _poll_box(request, poll, form if form.errors else None)
    if form.errors:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    else:
        messages.success(request, _("Your vote has been counted."))
    return redirect(reverse("posts:detail", args=[poll.pk]) + f"#poll-{poll.pk}")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def poll_close(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Close a poll now (its author or a group admin)."""
    poll = access_poll(request.user, post_id)
    with transaction.atomic(durable=True):
        check_close_poll(request.user, poll)
    poll.refresh_from_db()
    if request.htmx:
        return _poll_box(request, poll)
    messages.success(request, _("The poll is closed."))
    return redirect(reverse("posts:detail", args=[poll.pk]) + f"#poll-{poll.pk}")


def _quiz_box(
    request: AuthedRequest, quiz: Quiz, result: Any = None, error: str = ""
) -> HttpResponse:
    post: Any = quiz.post
    post.quiz_state = get_quiz_state(request.user, quiz)
    if result is not None:
        post.quiz_state.result = result
    return render(
        request,
        "polls/kinds/_quiz_body.html",
        {"post": post, "quiz_error": error},
    )


@login_required
@require_POST
@vary_on_headers("HX-Request")
def quiz_answer(request: AuthedRequest, quiz_id: int) -> HttpResponse:
    """Submit one's answers: the box shows the score, the right answers and why."""
    quiz = access_quiz(request.user, quiz_id)
    count = QuizQuestion.objects.filter(quiz=quiz).count()
    answers = [request.POST.getlist(f"q{index}") for index in range(count)]
    result = None
    problem = ""
    try:
        with transaction.atomic(durable=True):
            result = check_take_quiz(request.user, quiz, answers)
    except InvalidInput as invalid:
        problem = str(invalid.message)
    if request.htmx:
        return _quiz_box(request, quiz, result, problem)
    if problem:
        messages.error(request, problem)
    else:
        messages.success(request, result.summary if result else "")
    return redirect(reverse("posts:detail", args=[quiz.pk]) + f"#quiz-{quiz.pk}")
