"""Who may see, vote in, close and see the results of polls and quizzes.

A poll or a quiz is a post, so seeing it is ``can_view_post`` and listing
them is ``visible_post_filter``; this module adds what is special to them:
voting only while a poll is open, results only when the poll shows them
(live, or once closed), closing by the author or an admin of the group.
"""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from plein.access.groups import can_admin_group
from plein.access.people import is_active_person
from plein.access.posts import access_post, can_view_post, visible_post_filter
from plein.core.errors import NotFound
from plein.engagement.polls.models import POLL, QUIZ, Poll, Quiz, ResultsShown
from plein.posts.models import Post


def is_poll(post: Post) -> bool:
    return post.kind == POLL


def is_quiz(post: Post) -> bool:
    return post.kind == QUIZ


def visible_polls(user: Any, qs: QuerySet[Poll] | None = None) -> QuerySet[Poll]:
    """Polls whose post the user may see."""
    qs = Poll.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(visible_post_filter(user, prefix="post__"))


def visible_quizzes(user: Any, qs: QuerySet[Quiz] | None = None) -> QuerySet[Quiz]:
    """Quizzes whose post the user may see."""
    qs = Quiz.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(visible_post_filter(user, prefix="post__"))


def can_vote(user: Any, poll: Poll, now: datetime | None = None) -> bool:
    """Whoever sees the poll may vote while it is open."""
    if not can_view_post(user, poll.post):
        return False
    # A withheld poll is seen by its author alone, and not voted on.
    if poll.post.withheld_at is not None:
        return False
    return not poll.is_closed(now)


def can_see_results(user: Any, poll: Poll, now: datetime | None = None) -> bool:
    """Live results to whoever sees the poll; the others once it closed.

    Nobody, the author included, sees the results of an "after closing"
    poll early: the rule is the same for all, so a result cannot steer
    anyone's vote.
    """
    if not can_view_post(user, poll.post):
        return False
    if poll.results_shown == ResultsShown.LIVE:
        return True
    return poll.is_closed(now)


def can_manage_poll(user: Any, poll: Poll) -> bool:
    """The author, or an admin of the poll's group, decides when it closes."""
    if not can_view_post(user, poll.post):
        return False
    if poll.post.author_id == user.pk:
        return True
    return poll.post.group is not None and can_admin_group(user, poll.post.group)


def can_close_poll(user: Any, poll: Poll, now: datetime | None = None) -> bool:
    """Whoever manages the poll may close it while it is open."""
    return can_manage_poll(user, poll) and not poll.is_closed(now)


def can_take_quiz(user: Any, quiz: Quiz) -> bool:
    """Whoever sees a published quiz may take it (once)."""
    if not can_view_post(user, quiz.post):
        return False
    return quiz.post.withheld_at is None


def access_poll(user: Any, post_id: int | str) -> Poll:
    """Fetch the poll of a post the user may see, or raise NotFound.

    A post that is not a poll answers like a missing one.
    """
    post = access_post(user, post_id)
    if not is_poll(post):
        raise NotFound()
    poll = Poll.objects.filter(post_id=post.pk).first()
    if poll is None:
        raise NotFound()
    poll.post = post
    return poll


def access_quiz(user: Any, post_id: int | str) -> Quiz:
    """Fetch the quiz of a post the user may see, or raise NotFound."""
    post = access_post(user, post_id)
    if not is_quiz(post):
        raise NotFound()
    quiz = Quiz.objects.filter(post_id=post.pk).first()
    if quiz is None:
        raise NotFound()
    quiz.post = post
    return quiz


def results_visible_now(poll: Poll) -> bool:
    """Whether the results are open to the poll's readers at this moment."""
    return poll.results_shown == ResultsShown.LIVE or poll.is_closed(timezone.now())
