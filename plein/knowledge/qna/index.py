"""The words of each question, for suggesting related questions quickly.

Every question keeps its stems in ``QuestionTerm``: the title and the tags
weigh 2, the first ``BODY_WORDS`` words of the text weigh 1. Stems are
taken in the question's language, as the search index does.
"""

from django.db import transaction

from plein.knowledge.qna.models import QUESTION, Question, QuestionTerm
from plein.search.text import STOP_WORDS, stem, words

BODY_WORDS = 120
MAX_STEM_LENGTH = 64


def question_stems(
    title: str, tags: list[str], body: str, language: str
) -> dict[str, int]:
    """{stem: weight} for a question's text."""
    found: dict[str, int] = {}
    for word in words(body)[:BODY_WORDS]:
        if word not in STOP_WORDS:
            found.setdefault(stem(word, language)[:MAX_STEM_LENGTH], 1)
    for word in [*words(title), *(w for tag in tags for w in words(tag))]:
        if word not in STOP_WORDS:
            found[stem(word, language)[:MAX_STEM_LENGTH]] = 2
    return found


def index_question(question: Question) -> None:
    """Replace the question's terms with those of its current text."""
    post = question.post
    stems = question_stems(post.title, question.tag_list, post.body, post.language)
    QuestionTerm.objects.filter(question=question).delete()
    QuestionTerm.objects.bulk_create(
        [
            QuestionTerm(question=question, stem=s, weight=w)
            for s, w in sorted(stems.items())
        ],
        batch_size=500,
    )


def rebuild_question_terms(batch_size: int = 1000) -> int:
    """Index every question again (after a bulk load); returns how many.

    Question posts written without the actions (a bulk load) first get
    their ``Question`` row.
    """
    from plein.posts.models import Post

    missing = Post.objects.filter(kind=QUESTION, question__isnull=True)
    Question.objects.bulk_create(
        [Question(post_id=pk) for pk in missing.values_list("pk", flat=True)],
        batch_size=batch_size,
        ignore_conflicts=True,
    )
    count = 0
    last = 0
    while True:
        batch = list(
            Question.objects.filter(pk__gt=last)
            .select_related("post")
            .only("pk", "tags", "post__title", "post__body", "post__language")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return count
        terms = []
        for question in batch:
            post = question.post
            stems = question_stems(
                post.title, question.tag_list, post.body, post.language
            )
            terms += [
                QuestionTerm(question_id=question.pk, stem=s, weight=w)
                for s, w in stems.items()
            ]
        # One delete and one insert per batch: fast after a bulk load.
        with transaction.atomic():
            QuestionTerm.objects.filter(question__in=batch).delete()
            QuestionTerm.objects.bulk_create(terms, batch_size=5000)
        count += len(batch)
        last = batch[-1].pk
