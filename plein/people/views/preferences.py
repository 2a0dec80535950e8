"""A person's own settings: profile, notifications, password and API tokens."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from plein.core.errors import InvalidInput
from plein.core.forms import add_action_error
from plein.notifications.actions import (
    check_set_email_preference,
    check_set_preference,
)
from plein.notifications.kinds import listed_kinds
from plein.notifications.queries import list_email_choices, list_enabled_choices
from plein.people.actions import (
    check_set_digest_frequency,
    check_set_profile_photo,
    check_update_profile,
    do_create_api_token,
    do_revoke_api_token,
)
from plein.people.forms import (
    NotificationPreferencesForm,
    PasswordChangeForm,
    ProfileForm,
    TokenForm,
)
from plein.people.http import AuthedRequest
from plein.people.models import ApiToken, User
from plein.people.security import check_change_password
from plein.people.views.common import render_page_or_partial

NEW_TOKEN_SESSION_KEY = "plein_new_api_token"  # noqa: S105 (a key name)


def _save_photo(person: User, form: ProfileForm) -> None:
    photo = form.cleaned_data.get("photo")
    if photo:
        check_set_profile_photo(person, person, photo)
    elif form.cleaned_data.get("remove_photo"):
        check_set_profile_photo(person, person, None)


@login_required
@require_http_methods(["GET", "POST"])
def settings_profile(request: AuthedRequest) -> HttpResponse:
    person = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic(durable=True):
                    check_update_profile(person, person, **form.profile_changes())
                    _save_photo(person, form)
            except InvalidInput as exc:
                # The failed update may have set attributes on the object.
                person.refresh_from_db()
                add_action_error(form, exc, ProfileForm.action_aliases)
            else:
                messages.success(request, _("Your profile has been saved."))
                return redirect("people:settings")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(person))
    return render_page_or_partial(
        request,
        "people/settings_profile.html",
        "form",
        {"form": form, "person": person, "tab": "profile"},
    )


def _save_notification_choices(person: User, data: dict[str, Any]) -> None:
    emails = list_email_choices(person)
    for kind in listed_kinds():
        check_set_preference(person, kind.code, is_enabled=data[kind.code])
        if not kind.email:
            continue  # no e-mail field for it
        wants = data[f"email_{kind.code}"]
        # Only a change is stored, so a kind left at its default follows
        # the default if it ever changes.
        if wants != emails[kind.code]:
            check_set_email_preference(person, kind.code, email_enabled=wants)
    if data["digest_frequency"]:
        check_set_digest_frequency(person, data["digest_frequency"])


@login_required
@require_http_methods(["GET", "POST"])
def settings_notifications(request: AuthedRequest) -> HttpResponse:
    person = request.user
    saved = False
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST)
        if form.is_valid():
            with transaction.atomic(durable=True):
                _save_notification_choices(person, form.cleaned_data)
            if not request.htmx:
                messages.success(
                    request, _("Your notification settings have been saved.")
                )
                return redirect("people:settings-notifications")
            saved = True
    else:
        enabled = list_enabled_choices(person)
        emails = list_email_choices(person)
        initial: dict[str, Any] = {
            "digest_frequency": person.digest_frequency,
            **enabled,
            **{f"email_{code}": wants for code, wants in emails.items()},
        }
        form = NotificationPreferencesForm(initial=initial)
    return render_page_or_partial(
        request,
        "people/settings_notifications.html",
        "form",
        {"form": form, "tab": "notifications", "saved": saved},
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_password(request: AuthedRequest) -> HttpResponse:
    """Change one's password; every other session and every API token ends."""
    person = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                check_change_password(
                    request,
                    person,
                    current_password=form.cleaned_data["current_password"],
                    new_password=form.cleaned_data["new_password1"],
                    keep_session_key=request.session.session_key,
                )
        except InvalidInput as exc:
            add_action_error(form, exc, PasswordChangeForm.action_aliases)
        else:
            # This browser stays logged in, under a new session key.
            update_session_auth_hash(request, person)
            messages.success(
                request,
                _(
                    "Your password has been changed. You have been logged out "
                    "in every other browser and app, and all your API tokens "
                    "have been revoked."
                ),
            )
            return redirect("people:settings-password")
    response = render(
        request, "people/settings_password.html", {"form": form, "tab": "password"}
    )
    response["Cache-Control"] = "no-store"
    return response


def _tokens_context(
    person: User, form: TokenForm, new_token: str | None
) -> dict[str, Any]:
    return {
        "form": form,
        "tokens": ApiToken.objects.filter(
            user=person, revoked_at__isnull=True
        ).order_by("-created_at"),
        "new_token": new_token,
        "tab": "tokens",
    }


@login_required
@require_http_methods(["GET", "POST"])
def settings_tokens(request: AuthedRequest) -> HttpResponse:
    """List and create API tokens; a new token's secret is shown once."""
    person = request.user
    new_token = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            with transaction.atomic(durable=True):
                _token, raw = do_create_api_token(
                    person, name=form.cleaned_data["name"]
                )
            if not request.htmx:
                # Carried over the redirect in the session and dropped when
                # shown, so a reload cannot show it again.
                request.session[NEW_TOKEN_SESSION_KEY] = raw
                return redirect("people:settings-tokens")
            new_token, form = raw, TokenForm()
    else:
        form = TokenForm()
        new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    response = render_page_or_partial(
        request,
        "people/settings_tokens.html",
        "tokens",
        _tokens_context(person, form, new_token),
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def settings_token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    with transaction.atomic(durable=True):
        revoked = do_revoke_api_token(request.user, token_id)
    if not request.htmx:
        if revoked:
            messages.success(
                request,
                _(
                    "The token has been revoked. "
                    "Programs using it no longer have access."
                ),
            )
        return redirect("people:settings-tokens")
    return render_page_or_partial(
        request,
        "people/settings_tokens.html",
        "tokens",
        _tokens_context(request.user, TokenForm(), None),
    )
