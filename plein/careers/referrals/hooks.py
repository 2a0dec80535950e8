"""How referrals plug into the shared parts of Plein.

Menu links (my referrals and internal mobility for colleagues, the
referrals and talent pools for HR) and how the app's events read in the
audit log, and the referral conversion on HR's vacancy figures. Nothing is registered in the feed or search: candidates never
appear there.
"""

from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from plein.access.referrals import (
    can_handle_referrals,
    can_manage_candidates,
    can_refer,
)
from plein.careers.referrals.queries import referral_figures
from plein.core.events import register_event_labels
from plein.core.fragments import register_fragment, register_menu_item

register_menu_item(
    "header.menu",
    "referrals.mine",
    _("My referrals"),
    "referrals:mine",
    order=70,
    when=can_refer,
    active_prefix="/referrals/mine/",
)
register_menu_item(
    "header.menu",
    "referrals.mobility",
    _("Internal mobility"),
    "referrals:mobility",
    order=71,
    when=can_refer,
    active_prefix="/referrals/mobility/",
)
register_menu_item(
    "header.menu",
    "referrals.hr",
    _("Referred candidates"),
    "referrals:hr",
    order=88,
    when=can_handle_referrals,
    active_prefix="/referrals/hr/",
)

register_event_labels(
    {
        "referrals.referral.created": pgettext_lazy("audit action", "Referral made"),
        "referrals.referral.status_changed": pgettext_lazy(
            "audit action", "Referral status changed"
        ),
        "referrals.consent.given": pgettext_lazy(
            "audit action", "Candidate consent given"
        ),
        "referrals.consent.renewed": pgettext_lazy(
            "audit action", "Candidate consent renewed"
        ),
        "referrals.consent.resent": pgettext_lazy(
            "audit action", "Consent mail sent again"
        ),
        "referrals.candidate.erased": pgettext_lazy(
            "audit action", "Candidate data erased"
        ),
        "referrals.candidate.updated": pgettext_lazy(
            "audit action", "Candidate record changed"
        ),
        "referrals.reward.recorded": pgettext_lazy(
            "audit action", "Referral reward recorded"
        ),
        "referrals.share.created": pgettext_lazy(
            "audit action", "Candidate shared with a colleague"
        ),
        "referrals.share.ended": pgettext_lazy("audit action", "Candidate share ended"),
        "referrals.pool.created": pgettext_lazy("audit action", "Talent pool added"),
        "referrals.pool.candidate_added": pgettext_lazy(
            "audit action", "Candidate added to a talent pool"
        ),
        "referrals.pool.membership_changed": pgettext_lazy(
            "audit action", "Talent pool opt-in changed"
        ),
        "referrals.referral.applied": pgettext_lazy(
            "audit action", "Candidate applied through a share link"
        ),
        "referrals.candidate.details_added": pgettext_lazy(
            "audit action", "Referrer added why and the CV"
        ),
    }
)


def _hr_reader(context: Any) -> bool:
    request = context.get("request")
    return can_manage_candidates(getattr(request, "user", None))


def _conversion(context: Any) -> dict[str, Any]:
    now = timezone.now()
    return {"figures": referral_figures(now - timedelta(days=365), now)}


def _through_a_share_link(context: Any) -> bool:
    return bool(context.get("share_ref"))


def _apply_url(context: Any) -> dict[str, Any]:
    url = reverse("referrals:public-apply", args=[context["vacancy"].pk])
    return {"apply_url": f"{url}?{urlencode({'ref': context['share_ref']})}"}


# Applying through a colleague's share link, on the public vacancy page.
register_fragment(
    "vacancies.public",
    "referrals.apply",
    "referrals/fragments/_public_apply.html",
    when=_through_a_share_link,
    data=_apply_url,
)

# Referral conversion on HR's vacancy figures (plein.careers.vacancies).
register_fragment(
    "vacancies.insights",
    "referrals.conversion",
    "referrals/fragments/_vacancy_insights.html",
    when=_hr_reader,
    data=_conversion,
)
