"""How polls and quizzes plug into the shared parts of Plein.

A poll is a post of kind "poll", a quiz one of kind "quiz": this registers
the kinds (their rules, the rows next to the post, the badge and the box on
cards), the links to create one from the composer and how their events read
in the audit log.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import pgettext_lazy

from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment
from plein.engagement.polls.actions import (
    clean_poll,
    clean_quiz,
    do_create_poll,
    do_create_quiz,
)
from plein.engagement.polls.forms import (
    POLL_FIELD_ALIASES,
    QUIZ_FIELD_ALIASES,
    PollForm,
    QuizForm,
)
from plein.engagement.polls.models import POLL, QUIZ, Poll, Quiz
from plein.engagement.polls.queries import get_poll_states, get_quiz_states
from plein.engagement.polls.views import publish_poll_from_form, publish_quiz_from_form
from plein.engagement.scheduling.registry import Schedulable, register_schedulable
from plein.groups.queries import list_my_groups
from plein.posts.kinds import PostKind, register_post_kind


def prepare_poll_cards(user: Any, posts: list[Any]) -> None:
    """Each poll's options, votes and (when visible) results, for a page of cards."""
    by_id = {post.pk: post for post in posts}
    polls = list(Poll.objects.filter(post_id__in=by_id))
    for poll in polls:
        poll.post = by_id[poll.pk]
    states = get_poll_states(user, polls)
    for post in posts:
        post.poll_state = states.get(post.pk)


def prepare_quiz_cards(user: Any, posts: list[Any]) -> None:
    """Each quiz's questions, and the reader's own result, for a page of cards."""
    by_id = {post.pk: post for post in posts}
    quizzes = list(Quiz.objects.filter(post_id__in=by_id))
    for quiz in quizzes:
        quiz.post = by_id[quiz.pk]
    states = get_quiz_states(user, quizzes)
    for post in posts:
        post.quiz_state = states.get(post.pk)


register_post_kind(
    PostKind(
        code=POLL,
        label=pgettext_lazy("post kind", "Poll"),
        badge_template="polls/kinds/_poll_badge.html",
        body_template="polls/kinds/_poll_body.html",
        clean=clean_poll,
        created=do_create_poll,
        prepare_cards=prepare_poll_cards,
    )
)
register_post_kind(
    PostKind(
        code=QUIZ,
        label=pgettext_lazy("post kind", "Quiz"),
        badge_template="polls/kinds/_quiz_badge.html",
        body_template="polls/kinds/_quiz_body.html",
        clean=clean_quiz,
        created=do_create_quiz,
        prepare_cards=prepare_quiz_cards,
    )
)

# Under the composer: start a poll or a quiz here (in the composer's group).
register_fragment(
    "composer.options",
    "polls.create",
    "polls/fragments/_composer_links.html",
)


def _poll_form(user: Any, data: Any, initial: Mapping[str, Any] | None) -> PollForm:
    return PollForm(data, groups=list_my_groups(user), initial=initial or {})


def _quiz_form(user: Any, data: Any, initial: Mapping[str, Any] | None) -> QuizForm:
    return QuizForm(data, groups=list_my_groups(user), initial=initial or {})


# Polls and quizzes can be scheduled: their own forms, published by the
# same functions as their pages.
register_schedulable(
    Schedulable(
        key="poll",
        label=pgettext_lazy("schedulable", "Poll"),
        form=_poll_form,
        publish=publish_poll_from_form,
        kind=POLL,
        template="polls/poll_create.html",
        aliases=POLL_FIELD_ALIASES,
        url_names=("polls:create",),
        text_fields=("question",),
        order=20,
    )
)
register_schedulable(
    Schedulable(
        key="quiz",
        label=pgettext_lazy("schedulable", "Quiz"),
        form=_quiz_form,
        publish=publish_quiz_from_form,
        kind=QUIZ,
        template="polls/quiz_create.html",
        aliases=QUIZ_FIELD_ALIASES,
        url_names=("polls:quiz-create",),
        text_fields=("intro",),
        order=30,
    )
)

register_event_labels(
    {
        "polls.poll.created": pgettext_lazy("audit action", "Poll created"),
        "polls.vote.cast": pgettext_lazy("audit action", "Voted in a poll"),
        "polls.poll.closed": pgettext_lazy("audit action", "Poll closed"),
        "polls.quiz.created": pgettext_lazy("audit action", "Quiz created"),
        "polls.quiz.taken": pgettext_lazy("audit action", "Quiz taken"),
    }
)
