"""The social-media guidelines: published versions, acceptances and the quiz.

A version is never edited once published: a change is a new version. A
material version asks everyone to accept again; a minor one (a typo, a
clearer sentence) does not.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _in_english() -> bool:
    return (get_language() or "nl").startswith("en")


class GuidelinesVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_nl = models.TextField(_("text (Dutch)"), help_text=_("Markdown."))
    body_en = models.TextField(_("text (English)"), help_text=_("Markdown."))
    is_material = models.BooleanField(
        _("material change"),
        default=True,
        help_text=_("Everyone has to read and accept the guidelines again."),
    )
    quiz_required = models.BooleanField(
        _("quiz required"),
        default=False,
        help_text=_("People answer the awareness quiz correctly before accepting."),
    )
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("guidelines version")
        verbose_name_plural = _("guidelines versions")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        """The title in the active language."""
        return self.title_en if _in_english() else self.title_nl

    @property
    def body(self) -> str:
        """The Markdown text in the active language."""
        return self.body_en if _in_english() else self.body_nl


class Acceptance(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="guidelines_acceptances",
        verbose_name=_("person"),
    )
    version = models.ForeignKey(
        GuidelinesVersion,
        on_delete=models.PROTECT,
        related_name="acceptances",
        verbose_name=_("version"),
    )
    accepted_at = models.DateTimeField(_("accepted at"))
    quiz_passed = models.BooleanField(_("quiz passed"), default=False)

    class Meta:
        ordering = ["-accepted_at"]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "version"], name="guidelines_accept_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.version.number}"


class QuizQuestion(models.Model):
    """One question of the awareness quiz; the same for every version."""

    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_nl = models.CharField(_("question (Dutch)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500)
    choices_nl = models.TextField(_("answers (Dutch)"), help_text=_("One per line."))
    choices_en = models.TextField(
        _("answers (English)"), help_text=_("One per line, in the same order.")
    )
    correct_choice = models.PositiveSmallIntegerField(
        _("correct answer"), help_text=_("The number of the correct line: 1, 2, …")
    )
    explanation_nl = models.TextField(_("explanation (Dutch)"))
    explanation_en = models.TextField(_("explanation (English)"))
    is_active = models.BooleanField(_("in the quiz"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if _in_english() else self.text_nl

    @property
    def choices(self) -> list[str]:
        """The answers in the active language, numbered from 1 by position."""
        raw = self.choices_en if _in_english() else self.choices_nl
        return [line.strip() for line in raw.splitlines() if line.strip()]

    @property
    def explanation(self) -> str:
        return self.explanation_en if _in_english() else self.explanation_nl
