"""Keeping questions in step with changes made through the posts actions.

Registered in ``QnaConfig.ready``; handlers run inside the change's
transaction.
"""

from django.db import transaction

from plein.core.events import Event, on


@on("posts.comment.deleted")
def clear_acceptance_of_deleted_answer(event: Event) -> None:
    """A deleted answer stops being the accepted one."""
    from plein.knowledge.qna.actions import do_clear_deleted_answer

    do_clear_deleted_answer(int(event.payload["comment_id"]))


@on("posts.post.edited")
def refresh_edited_question(event: Event) -> None:
    """An edited question keeps its tags and its words are indexed again."""
    from plein.knowledge.qna.actions import do_refresh_question
    from plein.knowledge.qna.models import QUESTION
    from plein.posts.models import Post

    post = Post.objects.filter(pk=event.payload["post_id"], kind=QUESTION).first()
    if post is not None:
        with transaction.atomic():
            do_refresh_question(post)


@on("qna.answer.accepted", "qna.answer.unaccepted")
def reflag_question_for_search(event: Event) -> None:
    """An answered question ranks higher: the search engine's flag follows."""
    from plein.search.engine import record_post_changed

    record_post_changed(int(event.payload["post_id"]))
