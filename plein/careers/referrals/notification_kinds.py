"""Notifications about referrals: never about whom, only that something changed.

The referrer hears that their referral has news (consent given, declined,
expired, and the procedure's steps only when the candidate lets them
follow it); HR hears that a referral came in or was agreed to; a colleague
hears that HR shared a candidate with them. No sentence names a candidate:
a notification may be e-mailed, pushed and listed, and the candidate's
name is for HR and the named colleagues only.
"""

from django.urls import reverse
from django.utils.translation import pgettext, pgettext_lazy

from plein.access.referrals import visible_referrals, visible_shares
from plein.notifications.kinds import (
    register_notification_kind,
    register_notification_target,
)
from plein.notifications.models import Notification


def _mine_url(notification: Notification) -> str:
    return reverse("referrals:mine")


def _hr_url(notification: Notification) -> str:
    if notification.target_id:
        return reverse("referrals:detail", args=[notification.target_id])
    return reverse("referrals:hr")


def _passport_url(notification: Notification) -> str:
    if notification.target_id:
        return reverse("referrals:passport", args=[notification.target_id])
    return reverse("referrals:passports")


register_notification_kind(
    "referral_status",
    app="referrals",
    label=pgettext_lazy("notification kind", "News about referrals I made"),
    sentence=lambda n: pgettext("notification", "A referral you made has news"),
    url=_mine_url,
    order=360,
)
register_notification_kind(
    "referral_new",
    app="referrals",
    label=pgettext_lazy("notification kind", "Referrals to handle (HR)"),
    sentence=lambda n: pgettext(
        "notification", "A referral came in or the candidate agreed"
    ),
    url=_hr_url,
    order=361,
)
register_notification_kind(
    "candidate_shared",
    app="referrals",
    label=pgettext_lazy("notification kind", "Candidates shared with me"),
    sentence=lambda n: pgettext("notification", "{actor} shared a candidate with you"),
    url=_passport_url,
    order=362,
)


def _suggestions_url(notification: Notification) -> str:
    return reverse("referrals:suggestions", args=[notification.post_id])


register_notification_kind(
    "pool_suggestions",
    app="referrals",
    label=pgettext_lazy("notification kind", "Pool members for new vacancies (HR)"),
    sentence=lambda n: pgettext(
        "notification", "Talent pool members may fit the vacancy {post}"
    ),
    url=_suggestions_url,
    order=363,
)
# A notification points at its referral or share: once the reader may no
# longer see it (the share expired, the candidate was erased), it is gone
# from their list and count.
register_notification_target("referrals.referral", visible=visible_referrals)
register_notification_target("referrals.candidateshare", visible=visible_shares)
