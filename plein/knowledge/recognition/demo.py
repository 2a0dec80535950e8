"""Demo data: colleagues mark some posts and comments as helpful.

The leaderboard stays off, as in a new organisation; an admin can switch
it on at /contribution/settings/.
"""

from typing import Any

from plein.access.recognition import access_helped_target
from plein.core.errors import PleinError
from plein.knowledge.recognition.actions import check_mark_helped

AUTHORS = ["pieter.degroot", "sanne.smit", "arjen.kok", "anna"]
GIVERS = ["anna", "karin.schouten", "mila.janssen", "jeroen.bos", "femke.dejong"]


def load_demo(people: dict[str, Any], groups: dict[str, Any]) -> None:
    from plein.posts.models import Comment, Post

    for author_key in AUTHORS:
        author = people.get(author_key)
        if author is None:
            continue
        items = [
            ("post", post.pk)
            for post in Post.objects.filter(author=author).order_by("-pk")[:2]
        ] + [
            ("comment", comment.pk)
            for comment in Comment.objects.filter(author=author).order_by("-pk")[:2]
        ]
        for n, (kind, pk) in enumerate(items):
            for giver_key in GIVERS[: 1 + n % len(GIVERS)]:
                giver = people.get(giver_key)
                if giver is None:
                    continue
                try:
                    target = access_helped_target(giver, kind, pk)
                except PleinError:
                    continue  # not visible to this giver, or their own
                check_mark_helped(giver, target, on=True)
    _points_from_answers_and_pages()


def _points_from_answers_and_pages() -> None:
    # The demo builder drops after-commit work, so the event handlers that
    # award these points never ran: bring the ledger in step here.
    from plein.knowledge.qna.models import AnswerVote, Question
    from plein.knowledge.recognition.actions import (
        do_sync_answer_votes,
        do_sync_page_reads,
        do_sync_question_points,
    )

    for post_id in Question.objects.values_list("pk", flat=True):
        do_sync_question_points(post_id)
    for answer_id in AnswerVote.objects.values_list("answer_id", flat=True).distinct():
        do_sync_answer_votes(answer_id)
    do_sync_page_reads()
