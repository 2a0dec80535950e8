"""Rebuild the word index of questions (after loading questions in bulk)."""

from typing import Any

from django.core.management.base import BaseCommand

from plein.knowledge.qna.index import rebuild_question_terms


class Command(BaseCommand):
    help = "Rebuild the word index behind related-question suggestions."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_question_terms()
        self.stdout.write(f"{count} questions indexed.")
