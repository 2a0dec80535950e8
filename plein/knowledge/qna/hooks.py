"""How questions plug into the shared parts of Plein.

A question is a post of kind "question": this registers the kind (its rules,
its row next to the post, its badge on cards, its own page) and its links in
the menu and on group pages.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item
from plein.knowledge.qna.actions import clean_question, do_ask_question
from plein.knowledge.qna.models import QUESTION
from plein.knowledge.qna.queries import (
    BOOSTABLE_DOCUMENTS_SQL,
    answered_document_ids,
    question_states,
)
from plein.posts.kinds import PostKind, register_post_kind
from plein.search.kinds import SearchBoost, register_search_boost


def prepare_question_cards(user: Any, posts: list[Any]) -> None:
    """Answered or not, and how many answers: one query for a page of cards."""
    states = question_states([post.pk for post in posts])
    for post in posts:
        post.question_state = states.get(
            post.pk, {"is_answered": False, "answer_count": 0}
        )


register_post_kind(
    PostKind(
        code=QUESTION,
        label=pgettext_lazy("post kind", "Question"),
        badge_template="qna/kinds/_question_badge.html",
        detail_url_name="qna:detail",
        clean=clean_question,
        created=do_ask_question,
        prepare_cards=prepare_question_cards,
    )
)

register_menu_item(
    "header.nav",
    "qna",
    _("Questions"),
    "qna:index",
    order=50,
    active_prefix="/questions/",
)
register_fragment(
    "group.links",
    "qna.unanswered",
    "qna/fragments/_group_link.html",
    order=20,
    when=lambda context: bool(context.get("can_view_content")),
)


def _is_question(context: Mapping[str, Any]) -> bool:
    post = context.get("post")
    return post is not None and post.kind == QUESTION


def _answer_count(context: Mapping[str, Any]) -> Mapping[str, Any]:
    post = context["post"]
    state = question_states([post.pk]).get(post.pk, {"answer_count": 0})
    return {"answer_count": state["answer_count"]}


# After an answer (a top-level comment) is deleted with htmx, the number of
# answers on the question page follows.
register_fragment(
    "post.comments.changed",
    "qna.answer_count",
    "qna/fragments/_answer_count.html",
    when=_is_question,
    data=_answer_count,
)

# A question with an accepted answer is worth more than its words alone say.
register_search_boost(
    SearchBoost(
        "qna.answered",
        1.5,
        answered_document_ids,
        candidates_sql=BOOSTABLE_DOCUMENTS_SQL,
    )
)

# How offering a waiting question reads in the audit log.
register_event_labels(
    {
        "qna.question.offered": pgettext_lazy(
            "audit action", "Question offered to colleagues"
        )
    }
)
