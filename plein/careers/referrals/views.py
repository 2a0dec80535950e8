"""Pages for referrals, HR's candidate records, passports, pools, consent.

Thin views: parse with a form, fetch through ``plein.access``, change state
through the actions in a durable transaction, then redirect (after a
POST) or render. Everything about a candidate answers 404 to whoever may
not see it, exactly as for something that does not exist.

The candidate's page (:func:`consent_page`) needs no login: the signed
link from their mail is the key. It is rendered in the candidate's
language, never cached, and kept out of search engines.
"""

import json
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plein.access.people import access_person
from plein.access.referrals import (
    access_passport,
    access_pool,
    access_referral,
    can_handle_referrals,
    can_manage_candidates,
    can_refer,
)
from plein.access.vacancies import access_vacancy
from plein.careers.referrals import queries
from plein.careers.referrals.actions import (
    Reason,
    UploadedFile,
    check_add_pool_candidate,
    check_add_referral_details,
    check_apply_through_share_link,
    check_create_pool,
    check_end_share,
    check_erase_candidate,
    check_record_reward,
    check_refer_candidate,
    check_remove_pool_candidate,
    check_resend_consent_request,
    check_set_pool_membership,
    check_set_referral_status,
    check_share_candidate,
    check_update_candidate,
    do_decline_consent,
    do_erase_candidate,
    do_give_consent,
    do_renew_consent,
    do_set_candidate_language,
    parse_consent_token,
)
from plein.careers.referrals.forms import (
    SCOPES,
    CandidateForm,
    ConsentForm,
    PoolForm,
    PublicApplicationForm,
    ReferralDetailsForm,
    ReferralForm,
    RewardForm,
    ShareForm,
    StatusForm,
)
from plein.careers.referrals.models import (
    CandidateShare,
    Consent,
    PoolCandidate,
    Referral,
)
from plein.core.errors import InvalidInput, NotFound, RateLimited
from plein.core.forms import add_action_error
from plein.core.http import client_ip
from plein.core.ratelimit import hit_rate_limit
from plein.governance.compliance.audit import request_context
from plein.people.http import AuthedRequest


def _id(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 19 else None


def _cv_from(data: dict[str, Any]) -> UploadedFile | None:
    """The CV a form received, read for the actions (None without one)."""
    upload = data.get("cv")
    if upload is None:
        return None
    return UploadedFile(upload.name, upload.content_type or "", upload.read())


def _done(request: HttpRequest, target: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


# Referring -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def referral_create(request: AuthedRequest) -> HttpResponse:
    """Refer someone, for the vacancy ``?vacancy=<post id>`` or without one."""
    user = request.user
    if not can_refer(user):
        raise NotFound()
    vacancy_id = _id(request.GET.get("vacancy") or request.POST.get("vacancy"))
    vacancy = access_vacancy(user, vacancy_id) if vacancy_id else None
    if request.method == "GET":
        form = ReferralForm()
        return render(
            request,
            "referrals/referral_create.html",
            {"form": form, "vacancy": vacancy},
        )
    form = ReferralForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic(durable=True):
                check_refer_candidate(
                    user,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    vacancy=vacancy,
                    language=data["language"],
                )
        except InvalidInput as error:
            add_action_error(form, error, {"vacancy": "name"})
        else:
            messages.success(
                request,
                _("Thank you! We have asked the candidate for their consent."),
            )
            return _done(request, reverse("referrals:mine"))
    return render(
        request,
        "referrals/referral_create.html",
        {"form": form, "vacancy": vacancy},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_details(request: AuthedRequest, referral_id: int) -> HttpResponse:
    """The referrer adds why and the CV, once the candidate agreed."""
    user = request.user
    referral = access_referral(user, referral_id)
    if referral.referrer_id != user.pk:
        raise NotFound()
    view = queries.build_referrer_view(user, referral)
    if request.method == "GET":
        form = ReferralDetailsForm(
            initial={"why": referral.candidate.why if referral.candidate else ""}
        )
        return render(
            request,
            "referrals/referral_details.html",
            {"form": form, "referral": view, "open": view.can_add_details},
        )
    form = ReferralDetailsForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        cv = _cv_from(data)
        try:
            with transaction.atomic(durable=True):
                locked = access_referral(user, referral_id)
                check_add_referral_details(user, locked, why=data["why"], cv=cv)
        except InvalidInput as error:
            add_action_error(form, error, {"referral": "why"})
        else:
            messages.success(request, _("Thank you! HR can see it now."))
            return _done(request, reverse("referrals:mine"))
    return render(
        request,
        "referrals/referral_details.html",
        {"form": form, "referral": view, "open": view.can_add_details},
        status=400,
    )


@login_required
@require_GET
def referral_mine(request: AuthedRequest) -> HttpResponse:
    """The referrals I made, with the status each candidate lets me see."""
    if not can_refer(request.user):
        raise NotFound()
    return render(
        request,
        "referrals/referral_mine.html",
        {"referrals": queries.list_my_referrals(request.user)},
    )


# HR ------------------------------------------------------------------------------


@login_required
@require_GET
def referral_hr(request: AuthedRequest) -> HttpResponse:
    """Every referral (HR; only the notice for those awaiting consent), or
    those to one's own vacancies that the candidates agreed to (managers)."""
    user = request.user
    if not can_handle_referrals(user):
        raise NotFound()
    is_hr = can_manage_candidates(user)
    status = request.GET.get("status", "")[:20]
    context: dict[str, Any] = {
        "referrals": queries.list_hr_referrals(user, status=status),
        "status": status,
        "statuses": Referral.Status.choices,
        "is_hr": is_hr,
    }
    if is_hr:
        now = timezone.now()
        context["vacancies"] = queries.list_open_vacancies(user)
        context["figures"] = queries.referral_figures(now - timedelta(days=365), now)
    return render(request, "referrals/referral_hr.html", context)


def _detail_context(
    request: AuthedRequest, referral: Any, **forms: Any
) -> dict[str, Any]:
    record = queries.build_candidate_record(referral)
    candidate = record.candidate
    context: dict[str, Any] = {
        "record": record,
        "referral": referral,
        "is_hr": can_manage_candidates(request.user),
        "status_form": forms.get("status_form")
        or StatusForm(initial={"status": referral.status}),
        "reward_form": forms.get("reward_form") or RewardForm(),
        "share_form": forms.get("share_form") or ShareForm(),
        "pools": queries.list_pools_with_counts(request.user),
    }
    if candidate is not None:
        context["candidate_form"] = forms.get("candidate_form") or CandidateForm(
            initial={
                "phone": candidate.phone,
                "summary": candidate.summary,
                "skills": candidate.skills,
                "notes": candidate.notes,
            }
        )
    return context


@login_required
@require_GET
def referral_detail(request: AuthedRequest, referral_id: int) -> HttpResponse:
    """HR's view of one referral: the full record once the candidate agreed."""
    referral = access_referral(request.user, referral_id, for_manage=True)
    return render(
        request,
        "referrals/referral_detail.html",
        _detail_context(request, referral),
    )


def _hr_post(
    request: AuthedRequest,
    referral_id: int,
    form_class: Any,
    form_name: str,
    apply: Any,
    success: str,
) -> HttpResponse:
    """The shared shape of HR's POSTs on a referral: parse, act, redirect."""
    referral = access_referral(request.user, referral_id, for_manage=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic(durable=True):
                apply(referral, form.cleaned_data)
        except InvalidInput as error:
            add_action_error(form, error)
        else:
            messages.success(request, success)
            return _done(request, reverse("referrals:detail", args=[referral.pk]))
    return render(
        request,
        "referrals/referral_detail.html",
        _detail_context(request, referral, **{form_name: form}),
        status=400,
    )


@login_required
@require_POST
def referral_status(request: AuthedRequest, referral_id: int) -> HttpResponse:
    return _hr_post(
        request,
        referral_id,
        StatusForm,
        "status_form",
        lambda r, d: check_set_referral_status(request.user, r, d["status"]),
        _("The status has been changed."),
    )


@login_required
@require_POST
def referral_reward(request: AuthedRequest, referral_id: int) -> HttpResponse:
    return _hr_post(
        request,
        referral_id,
        RewardForm,
        "reward_form",
        lambda r, d: check_record_reward(
            request.user,
            r,
            description=d["reward_description"],
            amount=d["reward_amount"],
        ),
        _("The reward has been recorded."),
    )


@login_required
@require_POST
def referral_candidate(request: AuthedRequest, referral_id: int) -> HttpResponse:
    return _hr_post(
        request,
        referral_id,
        CandidateForm,
        "candidate_form",
        lambda r, d: check_update_candidate(request.user, r, **d),
        _("The candidate's record has been saved."),
    )


def _share(user: Any, referral: Any, data: dict[str, Any]) -> None:
    try:
        person = access_person(user, handle=data["handle"].strip().lstrip("@"))
    except NotFound:
        raise InvalidInput(_("There is no such colleague."), field="handle") from None
    try:
        check_share_candidate(user, referral, person, note=data["note"])
    except InvalidInput as error:
        if error.field == "person":
            error.field = "handle"
        raise


@login_required
@require_POST
def referral_share(request: AuthedRequest, referral_id: int) -> HttpResponse:
    return _hr_post(
        request,
        referral_id,
        ShareForm,
        "share_form",
        lambda r, d: _share(request.user, r, d),
        _("The candidate has been shared."),
    )


@login_required
@require_POST
def share_end(request: AuthedRequest, share_id: int) -> HttpResponse:
    """HR ends a passport share."""
    if not can_manage_candidates(request.user):
        raise NotFound()
    share = (
        CandidateShare.objects.select_related("candidate__referral")
        .filter(pk=share_id)
        .first()
    )
    if share is None:
        raise NotFound()
    referral_id = share.candidate.referral.pk
    with transaction.atomic(durable=True):
        check_end_share(request.user, share)
    messages.success(request, _("The share has ended."))
    return _done(request, reverse("referrals:detail", args=[referral_id]))


@login_required
@require_POST
def referral_erase(request: AuthedRequest, referral_id: int) -> HttpResponse:
    """HR erases a candidate who asked (by phone or mail)."""
    referral = access_referral(request.user, referral_id, for_manage=True)
    with transaction.atomic(durable=True):
        check_erase_candidate(request.user, referral)
    messages.success(request, _("Everything about the candidate has been erased."))
    return _done(request, reverse("referrals:detail", args=[referral.pk]))


@login_required
@require_POST
def referral_resend(request: AuthedRequest, referral_id: int) -> HttpResponse:
    referral = access_referral(request.user, referral_id, for_manage=True)
    with transaction.atomic(durable=True):
        check_resend_consent_request(request.user, referral)
    messages.success(request, _("The consent mail is being sent again."))
    return _done(request, reverse("referrals:detail", args=[referral.pk]))


@login_required
@require_POST
def referral_pool_add(request: AuthedRequest, referral_id: int) -> HttpResponse:
    referral = access_referral(request.user, referral_id, for_manage=True)
    pool_id = _id(request.POST.get("pool"))
    if pool_id is None:
        raise NotFound()
    pool = access_pool(request.user, pool_id, for_manage=True)
    with transaction.atomic(durable=True):
        check_add_pool_candidate(request.user, pool, referral)
    messages.success(request, _("The candidate is in the pool."))
    return _done(request, reverse("referrals:detail", args=[referral.pk]))


def _cv_response(candidate: Any) -> FileResponse:
    if candidate is None or not candidate.cv:
        raise NotFound()
    response = FileResponse(
        candidate.cv.open("rb"),
        as_attachment=True,
        filename=candidate.cv_name or "cv",
        content_type=candidate.cv_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def referral_cv(request: AuthedRequest, referral_id: int) -> FileResponse:
    """The CV, for HR, once the candidate agreed (held unseen before)."""
    referral = access_referral(request.user, referral_id, for_manage=True)
    record = queries.build_candidate_record(referral)
    if not record.has_consent:
        raise NotFound()
    return _cv_response(record.candidate)


# Candidate passports -------------------------------------------------------------


@login_required
@require_GET
def passport_list(request: AuthedRequest) -> HttpResponse:
    """The candidates HR shared with me, while the candidates' consent lasts."""
    return render(
        request,
        "referrals/passport_list.html",
        {"shares": queries.list_passports(request.user)},
    )


@login_required
@require_GET
def passport_detail(request: AuthedRequest, share_id: int) -> HttpResponse:
    share = access_passport(request.user, share_id)
    return render(request, "referrals/passport_detail.html", {"share": share})


@login_required
@require_GET
def passport_cv(request: AuthedRequest, share_id: int) -> FileResponse:
    share = access_passport(request.user, share_id)
    return _cv_response(share.candidate)


# Talent pools and internal mobility ----------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pool_list(request: AuthedRequest) -> HttpResponse:
    """HR's talent pools: list and add one."""
    if not can_manage_candidates(request.user):
        raise NotFound()
    form = PoolForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic(durable=True):
                    check_create_pool(request.user, **form.cleaned_data)
            except InvalidInput as error:
                add_action_error(form, error)
            else:
                messages.success(request, _("The talent pool has been added."))
                return _done(request, reverse("referrals:pools"))
        status = 400
    return render(
        request,
        "referrals/pool_list.html",
        {"pools": queries.list_pools_with_counts(request.user), "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pool_detail(request: AuthedRequest, pool_id: int) -> HttpResponse:
    """Who is in a pool (HR); POST removes a candidate from it."""
    pool = access_pool(request.user, pool_id, for_manage=True)
    if request.method == "POST":
        entry_id = _id(request.POST.get("entry"))
        entry = (
            PoolCandidate.objects.filter(pool=pool, pk=entry_id).first()
            if entry_id is not None
            else None
        )
        if entry is None:
            raise NotFound()
        with transaction.atomic(durable=True):
            check_remove_pool_candidate(request.user, entry)
        return _done(request, reverse("referrals:pool", args=[pool.pk]))
    candidates, members = queries.list_pool_members(pool)
    return render(
        request,
        "referrals/pool_detail.html",
        {"pool": pool, "candidates": candidates, "members": members},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mobility(request: AuthedRequest) -> HttpResponse:
    """Internal mobility: the pools I opt in to (only HR sees who is in one)."""
    user = request.user
    if not can_refer(user):
        raise NotFound()
    if request.method == "POST":
        pool_id = _id(request.POST.get("pool"))
        if pool_id is None:
            raise NotFound()
        pool = access_pool(user, pool_id)
        with transaction.atomic(durable=True):
            check_set_pool_membership(
                user, pool, joined=request.POST.get("joined") == "1"
            )
        messages.success(request, _("Your choice has been saved."))
        return _done(request, reverse("referrals:mobility"))
    return render(
        request,
        "referrals/mobility.html",
        {"choices": queries.list_pool_choices(user)},
    )


@login_required
@require_GET
def vacancy_suggestions(request: AuthedRequest, vacancy_id: int) -> HttpResponse:
    """Pool members who may fit a vacancy (HR only)."""
    if not can_manage_candidates(request.user):
        raise NotFound()
    vacancy = access_vacancy(request.user, vacancy_id)
    return render(
        request,
        "referrals/vacancy_suggestions.html",
        {
            "vacancy": vacancy,
            "suggestions": queries.suggest_pool_members(vacancy),
        },
    )


# The candidate's page (no login) -------------------------------------------------


def _consent_or_gone(token: str) -> Consent | None:
    return parse_consent_token(token)


# Applying from outside, through a share link -----------------------------------

# Posts of the public form per address and hour: far above what a person
# sends (a typo, a second CV), and a cap on what a script can.
PUBLIC_APPLICATIONS_PER_HOUR = 20


def _public_vacancy_and_link(post_id: int, token: str) -> tuple[Any, Any]:
    """The public vacancy and the share link for it, or 404 (alike)."""
    from plein.careers.vacancies.queries import public_vacancies, resolve_share_token

    vacancy = public_vacancies().select_related("post").filter(pk=post_id).first()
    link = resolve_share_token(token)
    if (
        vacancy is None
        or link is None
        or link.vacancy_id != vacancy.pk
        or not can_refer(link.person)
    ):
        raise Http404()
    return vacancy, link


@never_cache
@require_http_methods(["GET", "POST"])
def public_apply(request: HttpRequest, post_id: int) -> HttpResponse:
    """Apply to an external vacancy through a colleague's share link.

    No login. Only with a valid share link for this public vacancy (the
    link is what makes it a referral); anything else answers 404. The page
    names nobody: not the colleague who shared it, not HR. Consent is
    given in the same step, and a receipt mail links to the candidate's
    own page.
    """
    token = (request.POST.get("ref") or request.GET.get("ref") or "")[:32]
    vacancy, link = _public_vacancy_and_link(post_id, token)
    context: dict[str, Any] = {
        "vacancy": vacancy,
        "post": vacancy.post,
        "organisation": settings.SITE_NAME,
    }
    if request.method == "GET":
        context["form"] = PublicApplicationForm(
            initial={"ref": token, "language": translation.get_language()[:2]}
        )
        return _public_response(request, "referrals/public_apply.html", context)
    retry_after = hit_rate_limit(
        "public-apply",
        client_ip(request) or "unknown",
        PUBLIC_APPLICATIONS_PER_HOUR,
        window_seconds=3600,
    )
    if retry_after is not None:
        raise RateLimited(data={"retry_after": retry_after})
    form = PublicApplicationForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        cv = _cv_from(data)
        try:
            # No IP address in the audit log: it outlives an erasure.
            with request_context(None), transaction.atomic(durable=True):
                check_apply_through_share_link(
                    link,
                    vacancy,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    language=data["language"],
                    motivation=data["motivation"],
                    cv=cv,
                    scope=data["scope"],
                    referrer_sees_status=data["referrer_sees_status"],
                )
        except InvalidInput as error:
            add_action_error(form, error, {"vacancy": "name"})
        else:
            with translation.override(data["language"]):
                return _public_response(
                    request, "referrals/public_applied.html", context
                )
    context["form"] = form
    return _public_response(request, "referrals/public_apply.html", context, 400)


def _public_response(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The address carries the share token: not passed on to other sites.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def consent_page(request: HttpRequest, token: str) -> HttpResponse:
    """What is held about the candidate and why; their answers.

    Agree for this procedure or for a year (and whether the referrer may
    follow the status), decline, renew, erase now, choose the language.
    A link that is forged, expired or whose data is gone shows one page:
    nothing is held under this link.
    """
    consent = _consent_or_gone(token)
    if consent is None:
        return _gone(request, status=404)
    candidate = consent.candidate
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if not form.is_valid():
            return _render_consent(request, token, consent, status=400)
        action = form.cleaned_data["action"]
        # The audit log outlives erasure: it must not keep the candidate's
        # IP address, so their answers are recorded without one.
        with request_context(None), transaction.atomic(durable=True):
            if action in SCOPES:
                do_give_consent(
                    consent,
                    scope=SCOPES[action],
                    referrer_sees_status=form.cleaned_data["referrer_sees_status"],
                )
            elif action == "renew":
                do_renew_consent(consent)
            elif action == "language":
                do_set_candidate_language(consent, form.cleaned_data["language"])
            elif action == "decline":
                do_decline_consent(consent)
            else:
                do_erase_candidate(candidate, reason=Reason.REQUEST)
        if action in ("decline", "erase"):
            with translation.override(candidate.language):
                return _gone(request, erased=True)
        return redirect("referrals:consent", token=token)
    return _render_consent(request, token, consent)


def _render_consent(
    request: HttpRequest, token: str, consent: Consent, status: int = 200
) -> HttpResponse:
    consent = Consent.objects.select_related(
        "candidate",
        "candidate__referral__referrer",
        "candidate__referral__vacancy__post",
    ).get(pk=consent.pk)
    candidate = consent.candidate
    with translation.override(candidate.language):
        response = render(
            request,
            "referrals/consent_page.html",
            {
                "token": token,
                "consent": consent,
                "candidate": candidate,
                "data": queries.build_candidate_data(candidate),
                "renewal_open": consent.is_year,
            },
            status=status,
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The token is in the URL: never sent to another site (and "no-referrer"
    # would make browsers send "Origin: null", failing the CSRF check).
    response["Referrer-Policy"] = "same-origin"
    return response


def _gone(
    request: HttpRequest, *, erased: bool = False, status: int = 200
) -> HttpResponse:
    response = render(
        request, "referrals/consent_gone.html", {"erased": erased}, status=status
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_GET
def consent_data(request: HttpRequest, token: str) -> HttpResponse:
    """ "Download what you hold about me": the candidate's data as JSON."""
    consent = _consent_or_gone(token)
    if consent is None:
        return _gone(request, status=404)
    data = queries.build_candidate_data(consent.candidate)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
