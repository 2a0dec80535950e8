"""Questions and answers.

A question is a ``Post`` of kind "question", so the feed, search,
visibility, moderation, leak prevention and notifications treat it as any
post. Its answers are the post's top-level comments and the comments on an
answer are the replies under it. This app adds what a post lacks: the
accepted answer, the votes on answers and a small index of question words
for the "related questions" suggestions.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The ``Post.kind`` of a question (registered in hooks.py).
QUESTION = "question"


class Question(models.Model):
    """The question-only state of a question post."""

    post = models.OneToOneField(
        "posts.Post",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="question",
    )
    # A deleted answer stops being accepted (handlers.py); a withheld one is
    # treated as not accepted wherever "answered" is read.
    accepted_answer = models.ForeignKey(
        "posts.Comment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The tags the asker chose, space-separated: kept here so that editing
    # the post's text (which recomputes its hashtags) does not lose them.
    tags = models.CharField(_("tags"), max_length=700, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return str(self.post_id)

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split()


class AnswerVote(models.Model):
    """One person's up-vote on an answer (a top-level comment of a question)."""

    answer = models.ForeignKey(
        "posts.Comment", on_delete=models.CASCADE, related_name="answer_votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "voter"], name="qna_answervote_unique"
            )
        ]
        indexes = [models.Index(fields=["voter", "answer"], name="qna_vote_voter")]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.answer_id}"


class QuestionTerm(models.Model):
    """One stemmed word of a question's title, tags or text.

    An inverted index over questions only: suggesting related questions
    reads the postings of a few stems instead of searching every post, which
    keeps it fast on a large organisation. ``weight`` is 2 for the title
    and tags, 1 for the text.
    """

    # Indexed by the unique constraint, which starts with the question.
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="terms", db_index=False
    )
    stem = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "stem"], name="qna_questionterm_unique"
            )
        ]
        # Covering: a suggestion reads postings from the index alone.
        indexes = [
            models.Index(
                fields=["stem", "question", "weight"], name="qna_questionterm_stem"
            )
        ]

    def __str__(self) -> str:
        return self.stem


class OfferRound(models.Model):
    """The one time a question that waited too long was offered to colleagues.

    Inserting this row claims the question: a second or overlapping run of
    the job fails on the primary key and offers nothing again. A round
    without ``QuestionOffer`` rows means nobody suitable had opted in.
    """

    question = models.OneToOneField(
        Question, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    ran_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question offer round")
        verbose_name_plural = _("question offer rounds")

    def __str__(self) -> str:
        return str(self.question_id)


class QuestionOffer(models.Model):
    """A colleague a waiting question was offered to (and told about once)."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="offers", db_index=False
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    offered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question offer")
        verbose_name_plural = _("question offers")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "person"], name="qna_questionoffer_once"
            )
        ]
        # The weekly cap counts one person's recent offers.
        indexes = [
            models.Index(fields=["person", "offered_at"], name="qna_offer_person")
        ]

    def __str__(self) -> str:
        return f"{self.question_id} → {self.person_id}"
