"""Notification e-mails, one-click unsubscribe and the shared mail envelope.

Each notification may become one e-mail. Which kinds may be e-mailed, and
which are by default, their registration says
(``NotificationKind.email``, ``email_by_default``); a person overrides the
default per kind (``Preference.email_enabled``) and a notification may
override both (``Notification.wants_email``). The e-mail channel
(``plein.mail.tasks.schedule_notification_emails``, registered in
``MailConfig.ready``) enqueues the sending after ``do_notify``. Sending is claimed per notification with a
conditional update on ``emailed_at`` (the healthchecks way), so the task
enqueued after commit, its retries and the five-minute safety net send each
e-mail once. See docs/email.md.
"""

import email.policy
import hashlib
import html
import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from plein.access.notifications import visible_notifications
from plein.core.markdown import plain_text
from plein.mail.addresses import build_reply_address
from plein.notifications.actions import check_set_email_preference
from plein.notifications.kinds import notification_kinds
from plein.notifications.models import Notification, Preference
from plein.notifications.presentation import (
    build_notification_sentence,
    build_notification_url,
    target_of,
)
from plein.people.actions import check_set_digest_frequency
from plein.people.models import User

logger = logging.getLogger(__name__)

# The unsubscribe topic for the digest; every other topic is a kind's code.
DIGEST = "digest"
# How far back the safety net looks for notifications not yet e-mailed.
PENDING_WINDOW = timedelta(days=1)
EXCERPT_LENGTH = 500

_UNSUBSCRIBE_SALT = "plein.mail.unsubscribe"
# Links in old e-mails keep working for a year; after that the page explains
# that the link expired and points to the settings.
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


# Unsubscribe tokens --------------------------------------------------------------


def build_unsubscribe_token(user_id: int, topic: str) -> str:
    """A signed token naming a person and a kind of notification (or the digest)."""
    return signing.dumps({"u": user_id, "k": topic}, salt=_UNSUBSCRIBE_SALT)


def parse_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """``(user_id, topic)`` of a valid token; None when forged, broken or expired."""
    try:
        data = signing.loads(token, salt=_UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(data, dict):
        return None
    user_id, topic = data.get("u"), data.get("k")
    if not isinstance(user_id, int) or not isinstance(topic, str):
        return None
    if topic != DIGEST and topic not in notification_kinds:
        return None
    return user_id, topic


def build_unsubscribe_url(user_id: int, topic: str) -> str:
    token = build_unsubscribe_token(user_id, topic)
    return settings.SITE_URL + reverse("mail:unsubscribe", args=[token])


# Unsubscribing ---------------------------------------------------------------


def do_unsubscribe(user: User, topic: str) -> None:
    """Stop the e-mails of ``topic`` (a notification kind or ``DIGEST``).

    Idempotent: unsubscribing twice changes nothing the second time.
    """
    if topic == DIGEST:
        check_set_digest_frequency(user, User.DigestFrequency.OFF)
        return
    check_set_email_preference(user, topic, email_enabled=False)
    if topic == "alert":
        _stop_alert_emails(user)


def _stop_alert_emails(user: User) -> None:
    # Alert matches chosen "by e-mail" come in their own e-mail; stopping
    # alert e-mail moves those subscriptions to in-app delivery.
    try:
        from plein.alerts.actions import do_subscribe
        from plein.alerts.models import AlertSubscription, Channel
    except ImportError:
        return
    subscriptions = AlertSubscription.objects.filter(
        user=user, channel=Channel.EMAIL
    ).select_related("alert")
    for subscription in subscriptions:
        do_subscribe(
            user,
            subscription.alert,
            frequency=subscription.frequency,
            channel=Channel.IN_APP,
        )


def _wants_email_filter() -> Q:
    """Notifications that should be e-mailed, as a Q over Notification.

    The notification's own override wins; otherwise the recipient's choice
    for the kind, otherwise the kind's default.
    """
    kinds = notification_kinds.values()
    eligible = Q(kind__in=[kind.code for kind in kinds if kind.email])
    by_default_kinds = [kind.code for kind in kinds if kind.email_by_default]
    prefs = Preference.objects.filter(
        user_id=OuterRef("recipient_id"), kind=OuterRef("kind")
    )
    chose_on = Exists(prefs.filter(email_enabled=True))
    chose_off = Exists(prefs.filter(email_enabled=False))
    by_default = Q(kind__in=by_default_kinds) & ~chose_off
    return eligible & (
        Q(wants_email=True) | (Q(wants_email__isnull=True) & (chose_on | by_default))
    )


# Building messages ------------------------------------------------------------


def build_absolute_url(path: str) -> str:
    return settings.SITE_URL + path


def _message_id(local: str) -> str:
    return f"<{local}@{settings.MAIL_DOMAIN}>"


def build_post_thread_id(post_id: int) -> str:
    """The Message-ID every e-mail about a post refers to, so clients thread them."""
    return _message_id(f"post-{post_id}")


def build_list_headers(unsubscribe_url: str) -> dict[str, str]:
    """Headers every automatic e-mail carries (RFC 2369, RFC 8058, RFC 3834)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "Auto-Submitted": "auto-generated",
        # Keeps Exchange from answering with out-of-office replies.
        "X-Auto-Response-Suppress": "All",
    }


class AutomaticEmail(EmailMultiAlternatives):
    """An e-mail whose header lines may be as long as RFC 5322 allows.

    With the usual 78-column folding, Python's email package turns a long
    unbreakable value such as the unsubscribe URL into RFC 2047 encoded
    words, which mail clients do not decode in List-Unsubscribe. Lines of
    up to 998 characters are allowed, so headers are folded only there.
    """

    def message(self, *, policy: Any = email.policy.default) -> Any:
        return super().message(policy=policy.clone(max_line_length=998))


def build_mail(
    user: User,
    *,
    subject: str,
    template: str,
    context: dict[str, Any],
    headers: dict[str, str],
    reply_to: list[str] | None = None,
) -> AutomaticEmail:
    """An HTML plus plain-text e-mail from ``mail/email/<template>.{txt,html}``.

    Call inside ``translation.override(user.language)``.
    """
    context = {
        **context,
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "recipient": user,
    }
    text = render_to_string(f"mail/email/{template}.txt", context)
    body_html = render_to_string(f"mail/email/{template}.html", context)
    message = AutomaticEmail(
        # Header values must be one line.
        subject=" ".join(subject.split()),
        body=text,
        to=[user.email],
        reply_to=reply_to,
        headers=headers,
    )
    message.attach_alternative(body_html, "text/html")
    return message


def _excerpt(markdown: str) -> str:
    return plain_text(markdown, limit=EXCERPT_LENGTH)


def _plain(sentence: str) -> str:
    # The sentence is HTML with escaped names; a subject is plain text.
    return html.unescape(strip_tags(sentence))


def build_notification_email(notification: Notification) -> AutomaticEmail:
    """The e-mail for one notification, in its recipient's language.

    The related rows (recipient, actor, post, target) should be loaded
    already.
    """
    user = notification.recipient
    kind = notification_kinds[notification.kind]
    comment = target_of(notification, "posts.comment")
    with translation.override(user.language):
        sentence = build_notification_sentence(notification)
        unsubscribe_url = build_unsubscribe_url(user.pk, notification.kind)
        excerpt = ""
        if comment is not None:
            excerpt = comment.body
        elif notification.post is not None:
            excerpt = notification.post.body
        subject = _plain(sentence)
        context = {
            "notification": notification,
            "sentence": sentence,
            "sentence_text": subject,
            "url": build_absolute_url(build_notification_url(notification)),
            "excerpt": _excerpt(excerpt),
            "kind_label": kind.label,
            "settings_url": build_absolute_url(
                reverse("people:settings-notifications")
            ),
            "unsubscribe_url": unsubscribe_url,
            "can_reply": notification.post_id is not None,
            "explains_mail_posts": notification.kind == "mail_posted"
            and notification.wants_email is True,
            "threshold": settings.MAIL_POST_THRESHOLD,
        }
        headers = {
            **build_list_headers(unsubscribe_url),
            "Message-ID": _message_id(f"notification-{notification.pk}"),
        }
        reply_to = None
        if notification.post_id is not None:
            thread = build_post_thread_id(notification.post_id)
            headers["In-Reply-To"] = thread
            headers["References"] = thread
            # Answering the e-mail adds a comment by this person to the post.
            reply_to = [
                build_reply_address(
                    user.pk,
                    notification.post_id,
                    comment.pk if comment is not None else None,
                )
            ]
        return build_mail(
            user,
            subject=subject,
            template="notification",
            context=context,
            headers=headers,
            reply_to=reply_to,
        )


# Sending ---------------------------------------------------------------------


def list_pending_notifications(
    *, key: str | None = None, recipient_ids: Iterable[int] | None = None
) -> QuerySet[Notification]:
    """Notifications of the last day that should be e-mailed and were not yet.

    Visibility is not checked here but per recipient at send time.
    """
    qs = Notification.objects.filter(
        emailed_at__isnull=True,
        created_at__gte=timezone.now() - PENDING_WINDOW,
        recipient__is_active=True,
    )
    if key is not None:
        qs = qs.filter(key=key)
    if recipient_ids is not None:
        qs = qs.filter(recipient_id__in=list(recipient_ids))
    return qs.filter(_wants_email_filter())


def _claim(notification_id: int) -> bool:
    # Only one worker wins the update; the others see 0 rows and skip.
    return bool(
        Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
    )


def _release(notification_id: int) -> None:
    Notification.objects.filter(pk=notification_id).update(emailed_at=None)


def send_notification_email(notification: Notification) -> bool:
    """Claim and send one notification's e-mail; False if someone else claimed it.

    A failed send releases the claim so the safety net tries again, and is
    logged rather than raised: one bad address must not stop the others.
    An e-mail about a post made from mail is counted for the reduction
    report (``SentMail``).
    """
    if not _claim(notification.pk):
        return False
    try:
        build_notification_email(notification).send()
    except Exception:
        _release(notification.pk)
        logger.exception("could not e-mail notification %s", notification.pk)
        return False
    if notification.post_id is not None:
        record_sent_mail(sent_mail_kind(notification), post_id=notification.post_id)
    return True


def sent_mail_kind(notification: Notification) -> str:
    """How the reduction report counts this notification's e-mail."""
    from plein.mail.models import SentMail

    if notification.kind == "mail_posted":
        return SentMail.Kind.CONFIRMATION
    if notification.key.startswith("reminder:"):
        return SentMail.Kind.REMINDER
    return SentMail.Kind.NOTIFICATION


def record_sent_mail(
    kind: str, *, post_id: int | None = None, inbound_id: int | None = None
) -> None:
    """Count one e-mail Plein sent because of converted (or refused) mail.

    With only ``post_id``: counted when that post was made from a mail.
    """
    from plein.mail.models import InboundMessage, SentMail

    if inbound_id is None and post_id is not None:
        inbound_id = (
            InboundMessage.objects.filter(post_id=post_id)
            .exclude(outcome=InboundMessage.Outcome.COMMENTED)
            .order_by("received_at")
            .values_list("pk", flat=True)
            .first()
        )
        if inbound_id is None:
            return  # a post made in Plein: no mail was saved for it
    try:
        SentMail.objects.create(kind=kind, post_id=post_id, inbound_id=inbound_id)
    except Exception:
        # The e-mail went out; a missing count must not send it again.
        logger.exception("could not count an e-mail of kind %s", kind)


def build_refusal_email(user: User, record: Any) -> AutomaticEmail:
    """ "Your e-mail was delivered as e-mail, and this is why it is no post"."""
    with translation.override(user.language):
        subject = _("Your e-mail was delivered as an e-mail, not as a post")
        context = {
            "subject_line": record.subject,
            "reason": record.reason,
            "guidelines_url": build_absolute_url("/guidelines/"),
            "settings_url": build_absolute_url(
                reverse("people:settings-notifications")
            ),
        }
        return build_mail(
            user,
            subject=subject,
            template="refused",
            context=context,
            headers={
                "Auto-Submitted": "auto-replied",
                "X-Auto-Response-Suppress": "All",
            },
        )


def do_send_refusal_notice(message_id: str) -> bool:
    """E-mail the sender of a refused mail once; True if it went out."""
    from plein.mail.models import InboundMessage, Reinjection, SentMail

    record = (
        InboundMessage.objects.filter(
            message_id=message_id, outcome=InboundMessage.Outcome.REJECTED
        )
        .select_related("sender")
        .first()
    )
    if record is None or record.sender is None or not record.sender.is_active:
        return False
    # Claimed once per message, like a re-injected recipient.
    claim = hashlib.sha256(f"refusal-notice\0{message_id}".encode()).hexdigest()
    try:
        with transaction.atomic():
            Reinjection.objects.create(key=claim)
    except IntegrityError:
        return False  # told already
    try:
        build_refusal_email(record.sender, record).send()
    except Exception:
        Reinjection.objects.filter(key=claim).delete()
        raise
    record_sent_mail(SentMail.Kind.CONFIRMATION, inbound_id=record.pk)
    return True


def do_send_notification_emails(
    *, key: str | None = None, recipient_ids: Iterable[int] | None = None
) -> int:
    """E-mail pending notifications whose subject the recipient may still see.

    Runs outside a transaction: each claim commits on its own, so a crash
    halfway loses at most the e-mail being sent. Returns how many were sent.
    """
    pending: dict[int, list[int]] = defaultdict(list)
    rows = list_pending_notifications(key=key, recipient_ids=recipient_ids)
    for pk, recipient_id in rows.values_list("pk", "recipient_id").iterator(
        chunk_size=1000
    ):
        pending[recipient_id].append(pk)
    sent = 0
    for user in User.objects.filter(pk__in=pending, is_active=True):
        # Re-checked now: the post may be deleted, or the person may have
        # left its group, since the notification was written.
        notifications = (
            visible_notifications(user)
            .filter(pk__in=pending[user.pk])
            .select_related("actor", "post", "post__group")
            .prefetch_related("target")
            .order_by("pk")
        )
        for notification in notifications:
            notification.recipient = user
            sent += send_notification_email(notification)
    return sent
