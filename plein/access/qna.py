"""Who may see, answer, vote on and accept questions.

A question is a post, so seeing it is ``can_view_post`` and listing
questions is ``visible_post_filter``; this module adds the rules that are
special to questions: voting (not on one's own answer) and accepting (the
asker, or an admin of the question's group).
"""

from typing import Any

from django.db.models import QuerySet

from plein.access.groups import can_admin_group
from plein.access.people import is_active_person, is_moderator
from plein.access.posts import (
    access_comment,
    access_post,
    can_view_post,
    visible_post_filter,
)
from plein.core.errors import NotFound
from plein.knowledge.qna.models import QUESTION, Question
from plein.posts.models import Comment, Post


def is_question(post: Post) -> bool:
    return post.kind == QUESTION


def is_answer(comment: Comment) -> bool:
    """A top-level comment of a question post."""
    return comment.parent_id is None and is_question(comment.post)


def visible_questions(
    user: Any, qs: QuerySet[Question] | None = None
) -> QuerySet[Question]:
    """Questions (``qna.Question`` rows) whose post the user may see."""
    qs = Question.objects.all() if qs is None else qs
    if not is_active_person(user):
        return qs.none()
    return qs.filter(visible_post_filter(user, prefix="post__"))


def can_accept_answer(user: Any, post: Post) -> bool:
    """The asker, or an admin of the question's group, may pick the answer."""
    if not can_view_post(user, post):
        return False
    if post.author_id == user.pk:
        return True
    return post.group is not None and can_admin_group(user, post.group)


def can_view_question_offers(user: Any, post: Post) -> bool:
    """Whether ``user`` sees to how many colleagues the question was offered.

    The asker and the group's admins (who may accept an answer) and the
    organisation's moderators; the count only, never who was asked.
    """
    if not can_view_post(user, post):
        return False
    if can_accept_answer(user, post):
        return True
    return is_moderator(user)


def access_question(user: Any, post_id: int | str) -> Post:
    """Fetch a question post the user may see, or raise NotFound.

    A post that is not a question answers like a missing one.
    """
    post = access_post(user, post_id)
    if not is_question(post):
        raise NotFound()
    return post


def access_answer(user: Any, answer_id: int | str) -> Comment:
    """Fetch an answer (top-level comment of a visible question), or NotFound."""
    answer = access_comment(user, answer_id)
    if not is_answer(answer):
        raise NotFound()
    return answer
