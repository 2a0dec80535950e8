"""Endorsements, topic consent and the materialised expertise evidence.

``Evidence`` is derived data: every row can be recomputed from the sources
(skills, endorsements, accepted answers, wiki revisions, posts) by
``plein.knowledge.expertise.actions``. It exists so that "who knows about
X?" is one indexed query, whatever the number of posts.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Endorsement(models.Model):
    """A colleague vouches for a skill on someone's profile (never their own)."""

    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="endorsements_received",
    )
    skill = models.ForeignKey(
        "people.Skill", on_delete=models.CASCADE, related_name="endorsements"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["endorser", "person", "skill"],
                name="expertise_endorsement_once",
            ),
            models.CheckConstraint(
                condition=~Q(endorser=F("person")),
                name="expertise_endorsement_not_self",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "skill"], name="expertise_endorse_person")
        ]

    def __str__(self) -> str:
        return f"{self.endorser_id} → {self.person_id}: {self.skill_id}"


class TopicConsent(models.Model):
    """What a person decided about a topic Plein inferred from their work."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("expertise topic", "Shown")
        HIDDEN = "hidden", pgettext_lazy("expertise topic", "Hidden")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The normalised word (lower case, no "#"), as shown on "My expertise".
    topic = models.CharField(max_length=80)
    state = models.CharField(max_length=10, choices=State.choices)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("expertise topic decision")
        verbose_name_plural = _("expertise topic decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "topic"], name="expertise_consent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.topic} ({self.state})"


class EvidenceKind(models.TextChoices):
    SKILL = "skill", pgettext_lazy("expertise evidence", "Skill")
    ENDORSEMENT = "endorsement", pgettext_lazy("expertise evidence", "Endorsement")
    ANSWER = "answer", pgettext_lazy("expertise evidence", "Accepted answer")
    WIKI_WRITTEN = "wiki_written", pgettext_lazy("expertise evidence", "Wiki page")
    WIKI_VERIFIED = (
        "wiki_verified",
        pgettext_lazy("expertise evidence", "Verified wiki page"),
    )
    POST = "post", pgettext_lazy("expertise evidence", "Post")


# Stated on the profile (by the person or colleagues): shown without consent.
# plein.access.expertise names the same two kinds.
STATED_KINDS = (EvidenceKind.SKILL, EvidenceKind.ENDORSEMENT)
INFERRED_KINDS = (
    EvidenceKind.ANSWER,
    EvidenceKind.WIKI_WRITTEN,
    EvidenceKind.WIKI_VERIFIED,
    EvidenceKind.POST,
)


# The columns the finder's ranking reads, besides the stem.
RANKED = ["person", "kind", "group", "is_shown", "is_hidden", "count", "last_at"]


class Evidence(models.Model):
    """How often a person showed knowledge of a topic, per kind and group.

    One row per (person, kind, group, topic word). ``stem_nl`` and
    ``stem_en`` are the word's stems in both languages, so that a query
    word meets it whatever language either was written in. ``group`` is the
    group the evidence lives in (null: the organisation or the profile);
    whether a viewer may count it is decided at query time.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=EvidenceKind.choices)
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    topic = models.CharField(max_length=80)
    # How the topic appeared: a hashtag is shown as "#topic".
    is_hashtag = models.BooleanField(default=False)
    # The display name for skills ("Project management"), else blank.
    label = models.CharField(max_length=80, blank=True)
    stem_nl = models.CharField(max_length=80)
    stem_en = models.CharField(max_length=80)
    count = models.PositiveIntegerField(default=0)
    last_at = models.DateTimeField(null=True, blank=True)
    # The person's decision, copied from TopicConsent so the finder filters
    # on a column: shown = stated on the profile, or an inferred topic the
    # person confirmed; hidden = an inferred topic the person hid.
    is_shown = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("expertise evidence")
        verbose_name_plural = _("expertise evidence")
        # The finder reads a topic's rows from these two indexes alone
        # (covering): a popular topic matches thousands of rows.
        indexes = [
            models.Index(fields=["stem_nl", *RANKED], name="expertise_evidence_nl"),
            models.Index(fields=["stem_en", *RANKED], name="expertise_evidence_en"),
            models.Index(fields=["person", "kind"], name="expertise_evidence_pk"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.kind} {self.topic} x{self.count}"


class QuestionOfferOptIn(models.Model):
    """A person who asked to be offered unanswered questions; no row, no offers.

    Off by default: only people who opted in on "My expertise" are offered
    questions nobody answered (``plein.knowledge.qna`` reads this table).
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="question_offer_opt_in",
    )
    opted_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("question offer opt-in")
        verbose_name_plural = _("question offer opt-ins")

    def __str__(self) -> str:
        return str(self.person_id)
