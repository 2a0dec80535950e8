"""Signing in and out, password reset, invitations and the language switch."""

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from plein.core.errors import InvalidInput, NotFound
from plein.core.forms import add_action_error
from plein.people.actions import check_accept_invitation, check_update_profile
from plein.people.forms import AcceptInvitationForm, LanguageForm, LoginForm
from plein.people.models import Invitation
from plein.people.security import (
    client_ip,
    do_log_out_everywhere,
    do_set_password,
    login_locked_for,
    password_reset_allowed,
    start_session,
    unlock_login,
)


class LockoutLoginForm(LoginForm):
    """The log-in form with the lock-out of docs/security.md on top.

    A locked address gets the same answer whether or not an account exists
    for it: unknown addresses are counted and locked like real ones.
    """

    def clean(self) -> dict[str, Any]:
        # The counting happens in LoginLockoutBackend; the form only says
        # plainly when an address is locked.
        email = self.data.get("username") or ""
        ip = client_ip(self.request) if self.request is not None else None
        if login_locked_for(email, ip):
            raise self._locked_error()
        try:
            return super().clean()
        except forms.ValidationError as exc:
            codes = {error.code for error in exc.error_list}
            if codes & {"invalid_login", "inactive"} and login_locked_for(email, ip):
                raise self._locked_error() from None
            raise

    def _locked_error(self) -> forms.ValidationError:
        minutes = max(1, round(settings.LOGIN_LOCKOUT_SECONDS / 60))
        return forms.ValidationError(
            ngettext(
                "Too many failed attempts: logging in with this e-mail address "
                "is paused for %(minutes)d minute. Wait, or reset your password.",
                "Too many failed attempts: logging in with this e-mail address "
                "is paused for %(minutes)d minutes. Wait, or reset your password.",
                minutes,
            )
            % {"minutes": minutes},
            code="locked",
        )


class LoginPageView(auth_views.LoginView):
    template_name = "people/login.html"
    authentication_form = LockoutLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        start_session(self.request)
        return response


class LogoutPageView(auth_views.LogoutView):
    """POST only (Django's own rule): a link cannot sign anyone out.

    With ``everywhere=1`` every other session of the person ends too and
    their API tokens are revoked.
    """

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.POST.get("everywhere") and request.user.is_authenticated:
            do_log_out_everywhere(request.user)
        return super().post(request, *args, **kwargs)


class PasswordResetPageView(auth_views.PasswordResetView):
    """Always the same "if the address exists you'll get mail" answer.

    Requests are limited per address and per IP (PASSWORD_RESET_MAX_PER_HOUR,
    PASSWORD_RESET_MAX_PER_IP_PER_HOUR); over the limit no mail goes out,
    but the page says the same.
    """

    template_name = "people/password_reset_form.html"
    email_template_name = "people/email/password_reset.txt"
    subject_template_name = "people/email/password_reset_subject.txt"
    success_url = reverse_lazy("people:password-reset-done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not password_reset_allowed(
            form.cleaned_data["email"], client_ip(self.request)
        ):
            return HttpResponseRedirect(self.get_success_url())
        # The mail names Plein and links to its public address, not to
        # whatever host name the request happened to use.
        site = urlsplit(settings.SITE_URL)
        self.extra_email_context = {
            "site_name": settings.SITE_NAME,
            "domain": site.netloc,
            "protocol": site.scheme,
        }
        return super().form_valid(form)


class PasswordResetDonePageView(auth_views.PasswordResetDoneView):
    template_name = "people/password_reset_done.html"


class PasswordResetConfirmPageView(auth_views.PasswordResetConfirmView):
    template_name = "people/password_reset_confirm.html"
    success_url = reverse_lazy("people:password-reset-complete")

    def form_valid(self, form: Any) -> HttpResponse:
        """Save the password and end every session and API token of the person.

        Whoever had the old password, or a session or token made with it,
        is out: a reset is what someone does who fears exactly that. Nothing
        is spared, not even this browser if it was logged in as them.
        """
        person = form.user
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        with transaction.atomic(durable=True):
            do_set_password(person, form.cleaned_data["new_password1"])
        # Whoever can read the mail owns the address: lift a lock-out.
        unlock_login(person.email)
        if self.request.user.pk == person.pk:
            # Its session row is gone already; start an empty one.
            logout(self.request)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompletePageView(auth_views.PasswordResetCompleteView):
    template_name = "people/password_reset_complete.html"


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Someone invited by an admin chooses their name and password."""
    invitation = Invitation.objects.filter(token=token).first()
    if invitation is None:
        raise NotFound()
    if invitation.accepted_at is not None:
        return render(
            request,
            "people/invitation_used.html",
            {"invitation": invitation},
            status=410,
        )
    form = AcceptInvitationForm(
        request.POST or None, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic(durable=True):
                # Lock the invitation so a double click cannot make two accounts.
                invitation = Invitation.objects.select_for_update().get(
                    pk=invitation.pk
                )
                user = check_accept_invitation(
                    invitation,
                    password=form.cleaned_data["password"],
                    full_name=form.cleaned_data["full_name"],
                )
        except InvalidInput as exc:
            add_action_error(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            start_session(request)
            messages.success(
                request,
                _("Welcome to %(site)s! Start by adding a photo and a few skills.")
                % {"site": settings.SITE_NAME},
            )
            return redirect("people:settings")
    return render(
        request,
        "people/invitation_accept.html",
        {"invitation": invitation, "form": form},
    )


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch between Dutch and English.

    Anonymous visitors get Django's language cookie; signed-in people also
    keep the choice on their account, because their account's language wins
    over the cookie on every later request.
    """
    form = LanguageForm(request.POST)
    if form.is_valid() and request.user.is_authenticated:
        with transaction.atomic(durable=True):
            check_update_profile(
                request.user, request.user, language=form.cleaned_data["language"]
            )
    # set_language validates the code and the "next" address on its own.
    return set_language(request)
