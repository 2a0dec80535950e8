"""Pages and htmx fragments for questions and answers.

Thin views: parse with a form, fetch through ``plein.access``, change state
through the qna actions in a durable transaction, then answer with a page,
a partial (htmx) or a redirect.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from plein.access.groups import access_group, can_view_group_content
from plein.access.people import is_moderator, visible_people
from plein.access.qna import access_answer, access_question
from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import publish_with_form
from plein.groups.queries import list_my_groups
from plein.knowledge.qna import queries
from plein.knowledge.qna.actions import (
    check_accept_answer,
    check_answer,
    check_ask_question,
    check_invite_to_answer,
    check_vote,
)
from plein.knowledge.qna.forms import (
    AcceptForm,
    AnswerForm,
    AskForm,
    InviteForm,
    VoteForm,
)
from plein.people.http import AuthedRequest
from plein.posts.forms import CommentForm
from plein.posts.views import HELD_MESSAGE, htmx_error_retarget

EXPERTS_SHOWN = 5


def _mark_offers(user: Any, questions: list[Any]) -> None:
    """Set ``offer_count`` on the rows whose offer round ``user`` may see.

    Moderators see it on every row, askers on their own questions: None
    while no round ran, 0 when nobody suitable had opted in.
    """
    mine = [
        q.pk for q in questions if is_moderator(user) or q.post.author_id == user.pk
    ]
    counts = queries.offer_counts(mine)
    for question in questions:
        question.offer_count = counts.get(question.pk)


def _cursor(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@login_required
@require_GET
@vary_on_headers("HX-Request")
def question_index(request: AuthedRequest) -> HttpResponse:
    """All questions the reader may see: newest, unanswered or answered."""
    tab = request.GET.get("tab", "newest")
    if tab not in queries.TABS:
        tab = "newest"
    tag = (request.GET.get("tag") or "").strip().lstrip("#").lower()[:64] or None
    group = None
    if request.GET.get("group"):
        group = access_group(request.user, slug=request.GET["group"])
    if tab == "unanswered":
        # Those nobody answered yet first: one page, no cursor.
        questions = queries.unanswered_questions(request.user, group=group, tag=tag)
        _mark_offers(request.user, questions)
        next_cursor = None
    else:
        questions, next_cursor = queries.list_questions(
            request.user,
            tab=tab,
            tag=tag,
            group=group,
            before=_cursor(request.GET.get("before")),
        )
    params = request.GET.copy()
    params.pop("before", None)
    if next_cursor:
        params["before"] = str(next_cursor)
    context = {
        "questions": questions,
        "tab": tab,
        "tag": tag,
        "group": group,
        "tabs": _tabs(request, tab),
        "my_groups": list_my_groups(request.user),
        "more_url": f"{reverse('qna:index')}?{params.urlencode()}"
        if next_cursor
        else "",
    }
    if request.htmx and request.GET.get("before"):
        return render(request, "qna/question_index.html#page", context)
    return render(request, "qna/question_index.html", context)


def _tabs(request: HttpRequest, current: str) -> list[tuple[str, str, str]]:
    labels = {
        "newest": _("Newest"),
        "unanswered": _("Unanswered"),
        "answered": _("Answered"),
    }
    found = []
    for key in queries.TABS:
        params = request.GET.copy()
        params.pop("before", None)
        params["tab"] = key
        found.append((key, f"{reverse('qna:index')}?{params.urlencode()}", labels[key]))
    return found


def _ask_form(request: AuthedRequest, data: Any = None) -> AskForm:
    initial: dict[str, int | str | None] = {}
    slug = request.GET.get("group")
    groups = list_my_groups(request.user)
    if slug:
        initial["group"] = next((g.pk for g in groups if g.slug == slug), None)
    if request.GET.get("title"):
        initial["title"] = request.GET["title"][:200]
    return AskForm(data, groups=groups, initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def question_ask(request: AuthedRequest) -> HttpResponse:
    """Ask a question; while the title is typed, htmx shows related content."""
    if request.method == "GET":
        form = _ask_form(request)
        return render(request, "qna/question_ask.html", {"form": form})
    form = _ask_form(request, request.POST)
    post = None
    if form.is_valid():
        data = form.cleaned_data

        def ask() -> Any:
            group = (
                access_group(request.user, group_id=data["group"])
                if data["group"]
                else None
            )
            return check_ask_question(
                request.user,
                title=data["title"],
                body=data["body"],
                group=group,
                tags=data["tags"],
                language=data["language"] or None,
                justification=data["justification"],
            )

        post = publish_with_form(form, ask)
    if post is None:
        related = queries.suggest_related(request.user, form.data.get("title", ""))
        return render(
            request, "qna/question_ask.html", {"form": form, "related": related}
        )
    if post.is_withheld:
        messages.info(request, HELD_MESSAGE)
    else:
        messages.success(request, _("Your question has been posted."))
    return redirect(reverse("qna:detail", args=[post.pk]) + "?asked=1#invite")


@login_required
@require_GET
def question_suggest(request: AuthedRequest) -> HttpResponse:
    """htmx: questions and wiki pages related to the title being typed."""
    text = (request.GET.get("title") or request.GET.get("text") or "")[:500]
    related = queries.suggest_related(request.user, text)
    return render(
        request, "qna/question_ask.html#related", {"related": related, "text": text}
    )


def _experts(request: AuthedRequest, page: queries.QuestionPage) -> list[Any]:
    """Colleagues who could answer, for the asker (expertise finder, if present)."""
    if page.post.author_id != request.user.pk or page.accepted_id is not None:
        return []
    try:
        from plein.knowledge.expertise.queries import find_experts
    except ImportError:
        return []
    text = f"{page.post.title} {' '.join(page.tags)}"
    exclude = {request.user.pk, *(a.author_id for a in page.answers)}
    return list(
        find_experts(request.user, text, limit=EXPERTS_SHOWN, exclude_ids=exclude)
    )


def _detail_context(request: AuthedRequest, post: Any, **extra: Any) -> dict[str, Any]:
    page = queries.get_question_page(request.user, post)
    return {
        "page": page,
        "post": page.post,
        "is_detail": True,
        "answer_form": AnswerForm(),
        "comment_form": CommentForm(),
        "experts": _experts(request, page),
        "offer": queries.get_offer_summary(request.user, page),
        "just_asked": request.GET.get("asked") == "1",
        **extra,
    }


@login_required
@require_GET
def question_detail(request: AuthedRequest, post_id: int) -> HttpResponse:
    """The question, its answers (accepted first, then by votes) and the forms."""
    post = access_question(request.user, post_id)
    return render(request, "qna/question_detail.html", _detail_context(request, post))


@login_required
@require_POST
@vary_on_headers("HX-Request")
def answer_create(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Answer a question; htmx appends the answer, errors keep the text."""
    post = access_question(request.user, post_id)
    form = AnswerForm(request.POST)
    answer = None
    if form.is_valid():
        answer = publish_with_form(
            form,
            lambda: check_answer(
                request.user,
                post,
                body=form.cleaned_data["body"],
                justification=form.cleaned_data["justification"],
            ),
        )
    if answer is None:
        if request.htmx:
            response = render(
                request,
                "qna/question_detail.html#answer-form",
                {"post": post, "answer_form": form},
            )
            return htmx_error_retarget(response, "#answer-form")
        return render(
            request,
            "qna/question_detail.html",
            _detail_context(request, post, answer_form=form),
        )
    if answer.withheld_at is not None:
        messages.info(request, HELD_MESSAGE)
    if request.htmx:
        if answer.withheld_at is not None:
            # Held for review: say so where the author wrote it.
            response = HttpResponse("")
            response["HX-Redirect"] = reverse("qna:detail", args=[post.pk])
            return response
        page = queries.get_question_page(request.user, post)
        context = {
            "page": page,
            "post": page.post,
            "answer": next(a for a in page.answers if a.pk == answer.pk),
            "comment_form": CommentForm(),
        }
        # The answer, and out of band the card's comment count and the
        # number of answers above the list.
        return render(request, "qna/answer_created.html", context)
    return redirect(reverse("qna:detail", args=[post.pk]) + f"#comment-{answer.pk}")


@login_required
@require_POST
@vary_on_headers("HX-Request")
def answer_vote(request: AuthedRequest, answer_id: int) -> HttpResponse:
    """Vote for an answer or withdraw the vote; htmx swaps the vote box."""
    answer = access_answer(request.user, answer_id)
    form = VoteForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(field="on")
    with transaction.atomic(durable=True):
        check_vote(request.user, answer, up=form.cleaned_data["on"])
    if request.htmx:
        return render(
            request,
            "qna/question_detail.html#vote",
            {"answer": queries.get_answer(request.user, answer)},
        )
    return redirect(
        reverse("qna:detail", args=[answer.post_id]) + f"#comment-{answer.pk}"
    )


@login_required
@require_POST
def answer_accept(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Accept an answer (or, without one, withdraw the acceptance)."""
    post = access_question(request.user, post_id)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose an answer."), field="answer_id")
    answer = None
    if form.cleaned_data["answer_id"]:
        try:
            answer = access_answer(request.user, form.cleaned_data["answer_id"])
        except NotFound:
            raise InvalidInput(
                _("Choose a published answer to this question."), field="answer_id"
            ) from None
    with transaction.atomic(durable=True):
        check_accept_answer(request.user, post, answer)
    if answer is not None:
        messages.success(request, _("The answer is accepted."))
    else:
        messages.success(request, _("The answer is no longer accepted."))
    target = reverse("qna:detail", args=[post.pk])
    if request.htmx:
        response = HttpResponse("")
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@login_required
@require_POST
def question_invite(request: AuthedRequest, post_id: int) -> HttpResponse:
    """Ask colleagues to answer; only those who can see the question hear of it."""
    post = access_question(request.user, post_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        raise InvalidInput(_("Choose at least one colleague."), field="people")
    people = list(form.cleaned_data["people"])
    handles = {h.lstrip("@").lower() for h in form.cleaned_data["handles"].split()}
    if handles:
        found = dict(
            visible_people(request.user)
            .filter(handle__in=handles)
            .values_list("handle", "pk")
        )
        unknown = sorted(handles - set(found))
        if unknown:
            raise InvalidInput(
                _("Nobody is called %(names)s.")
                % {"names": ", ".join(f"@{h}" for h in unknown)},
                field="handles",
            )
        people += found.values()
    with transaction.atomic(durable=True):
        told = check_invite_to_answer(request.user, post, people)
    if told:
        messages.success(
            request,
            ngettext(
                "%(count)d colleague has been asked to answer.",
                "%(count)d colleagues have been asked to answer.",
                told,
            )
            % {"count": told},
        )
    else:
        messages.info(request, _("They have been asked before, or cannot see it."))
    target = reverse("qna:detail", args=[post.pk])
    if request.htmx:
        response = HttpResponse("")
        response["HX-Redirect"] = target
        return response
    return redirect(target)


@login_required
@require_GET
def group_questions(request: AuthedRequest, slug: str) -> HttpResponse:
    """A group's unanswered questions, then all its questions."""
    group = access_group(request.user, slug=slug)
    if not can_view_group_content(request.user, group):
        raise NotFound()
    questions, next_cursor = queries.list_questions(
        request.user, group=group, before=_cursor(request.GET.get("before"))
    )
    unanswered = queries.unanswered_questions(request.user, group=group)
    _mark_offers(request.user, unanswered)
    context = {
        "group": group,
        "unanswered": unanswered,
        "questions": questions,
        "more_url": f"{reverse('qna:group-unanswered', args=[group.slug])}"
        f"?before={next_cursor}"
        if next_cursor
        else "",
    }
    return render(request, "qna/group_questions.html", context)
