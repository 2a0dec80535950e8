"""The mails to candidates: the consent request, the renewal request, and the
receipt for an application made through a share link (consent given).

A candidate is not a user of Plein, so these are not notifications: they
go straight to the address the referrer gave, in the candidate's language
(Dutch unless they chose English on their page), through the same
envelope as every automatic mail (``plein.mail.outbound.AutomaticEmail``).
Each mail carries a fresh, signed link to the consent page; sending is
claimed first (``actions.do_claim_consent_mail``), so a retried task sends
one mail, and released again when the mail server refused it.
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from plein.careers.referrals.actions import (
    do_claim_consent_mail,
    do_release_consent_mail,
)
from plein.careers.referrals.models import Candidate
from plein.mail.outbound import AutomaticEmail, build_absolute_url

logger = logging.getLogger(__name__)


def build_consent_email(
    candidate: Candidate, token: str, *, renewal: bool = False
) -> AutomaticEmail:
    """The mail asking ``candidate`` to consent (or to renew), in their language."""
    referral = getattr(candidate, "referral", None)
    referrer = referral.referrer if referral is not None else None
    vacancy = referral.vacancy if referral is not None else None
    consent = candidate.consent
    with translation.override(candidate.language):
        deadline = consent.expires_at if renewal else candidate.erase_after
        context = {
            "name": candidate.name,
            "referrer": referrer.full_name if referrer else "",
            "vacancy": vacancy.post.title if vacancy is not None else "",
            "url": build_absolute_url(reverse("referrals:consent", args=[token])),
            "deadline": formats.date_format(deadline, "DATE_FORMAT")
            if deadline
            else "",
            "site_name": settings.SITE_NAME,
            "organisation": settings.SITE_NAME,
        }
        if renewal:
            subject = _("Shall we keep your details for another year?")
            template = "consent_renewal"
        elif consent.is_given:
            # They applied themselves and agreed in the same step.
            subject = _("We received your application")
            template = "application_receipt"
            context["deadline"] = formats.date_format(
                candidate.erase_after, "DATE_FORMAT"
            )
        else:
            subject = _("You were recommended to us: may we keep your details?")
            template = "consent_request"
        text = render_to_string(f"referrals/email/{template}.txt", context)
        html = render_to_string(f"referrals/email/{template}.html", context)
    message = AutomaticEmail(
        subject=subject,
        body=text,
        to=[candidate.email],
        headers={
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def send_consent_mail(candidate_id: int, *, renewal: bool = False) -> bool:
    """Claim, build and send one consent (or renewal) mail; False if not sent.

    Raises when the mail server fails, after releasing the claim, so the
    task is retried and sends it then.
    """
    token = do_claim_consent_mail(candidate_id, renewal=renewal)
    if token is None:
        return False
    candidate = (
        Candidate.objects.select_related(
            "consent", "referral__referrer", "referral__vacancy__post"
        )
        .filter(pk=candidate_id)
        .first()
    )
    if candidate is None:
        return False
    try:
        build_consent_email(candidate, token, renewal=renewal).send()
    except Exception:
        do_release_consent_mail(candidate_id, renewal=renewal)
        logger.exception(
            "could not send the consent mail to candidate %s", candidate_id
        )
        raise
    return True
