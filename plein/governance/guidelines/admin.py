"""Guidelines in the Django admin: publish versions, edit the quiz.

A published version is never changed: "add" publishes the next version
through ``check_publish_guidelines``. Acceptances are read-only here; the
overview with the CSV export is at /guidelines/acceptances/.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from plein.access.people import is_org_admin
from plein.core.errors import InvalidInput
from plein.governance.guidelines.actions import (
    check_publish_guidelines,
    check_save_quiz_question,
    validate_quiz_question,
)
from plein.governance.guidelines.models import (
    Acceptance,
    GuidelinesVersion,
    QuizQuestion,
)
from plein.governance.guidelines.queries import current_version


class OrgAdminOnly(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_org_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_org_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_org_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_org_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(GuidelinesVersion)
class GuidelinesVersionAdmin(OrgAdminOnly):
    list_display = ["number", "title_nl", "is_material", "quiz_required"]
    list_display_links = ["number", "title_nl"]
    fields = [
        "title_nl",
        "title_en",
        "body_nl",
        "body_en",
        "is_material",
        "quiz_required",
    ]
    readonly_fields_when_published = [
        *fields,
        "number",
        "published_at",
        "published_by",
    ]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return self.readonly_fields_when_published
        return self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields_when_published if obj is not None else []

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        # Start from the current text: most new versions change a few lines.
        latest = current_version()
        if latest is None:
            return {}
        return {
            "title_nl": latest.title_nl,
            "title_en": latest.title_en,
            "body_nl": latest.body_nl,
            "body_en": latest.body_en,
            "quiz_required": latest.quiz_required,
        }

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Published text is a record of what people accepted: never edited.
        return False

    def save_model(
        self, request: HttpRequest, obj: GuidelinesVersion, form: Any, change: bool
    ) -> None:
        data = form.cleaned_data
        version = check_publish_guidelines(
            request.user,
            title_nl=data["title_nl"],
            title_en=data["title_en"],
            body_nl=data["body_nl"],
            body_en=data["body_en"],
            is_material=data["is_material"],
            quiz_required=data["quiz_required"],
        )
        obj.pk = version.pk
        obj.number = version.number
        obj._state.adding = False


class QuizQuestionForm(forms.ModelForm):
    class Meta:
        model = QuizQuestion
        fields = [
            "position",
            "text_nl",
            "text_en",
            "choices_nl",
            "choices_en",
            "correct_choice",
            "explanation_nl",
            "explanation_en",
            "is_active",
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        try:
            validate_quiz_question(
                choices_nl=data.get("choices_nl") or "",
                choices_en=data.get("choices_en") or "",
                correct_choice=data.get("correct_choice"),
            )
        except InvalidInput as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, str(error.message))
        return data


@admin.register(QuizQuestion)
class QuizQuestionAdmin(OrgAdminOnly):
    form = QuizQuestionForm
    list_display = ["position", "text_nl", "is_active"]
    list_display_links = ["text_nl"]
    list_filter = ["is_active"]

    def save_model(
        self, request: HttpRequest, obj: QuizQuestion, form: Any, change: bool
    ) -> None:
        check_save_quiz_question(request.user, obj)


@admin.register(Acceptance)
class AcceptanceAdmin(OrgAdminOnly):
    list_display = ["person", "version", "accepted_at", "quiz_passed"]
    list_filter = ["version", "quiz_passed"]
    search_fields = ["person__full_name", "person__email"]
    list_select_related = ["person", "version"]
    readonly_fields = ["person", "version", "accepted_at", "quiz_passed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
