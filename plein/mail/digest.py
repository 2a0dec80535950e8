"""The daily and weekly digest e-mail.

A digest gathers, for one person and one period: required reading still
open, mentions and replies, alert hits and the top posts in their groups.
It goes out only when something in it is news (new reading, mentions,
replies, alert hits, top posts); reminders, older open reading and links to
one's own e-mails that became posts ride along, so a summary never comes
just to repeat itself (docs/mail.md, "Reaching required readers"). Only what
was not read in Plein yet is listed. Everything is read through the
visibility rules at the moment the digest is built. A digest is claimed per person with a conditional update on
``User.last_digest_at`` (compare and swap on the old value), so a second run
in the same period, a retry or a parallel worker sends nothing.
"""

import html
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from plein.access.notifications import visible_notifications
from plein.access.posts import can_view_comment, can_view_post, visible_posts
from plein.core.markdown import plain_text
from plein.mail.outbound import (
    DIGEST,
    build_absolute_url,
    build_list_headers,
    build_mail,
    build_unsubscribe_url,
)
from plein.notifications.models import Notification
from plein.notifications.presentation import (
    build_notification_sentence,
    build_notification_url,
)
from plein.people.models import User
from plein.posts.models import Post

logger = logging.getLogger(__name__)

PERIODS: dict[str, timedelta] = {
    User.DigestFrequency.DAILY: timedelta(days=1),
    User.DigestFrequency.WEEKLY: timedelta(days=7),
}
# A run may start a little early or late (scheduler drift, a slow previous
# run); a digest is due once most of its period has passed, not all of it.
CLAIM_SLACK = timedelta(hours=2)
TOP_POSTS = 5
ITEMS_PER_SECTION = 20
# How long a ride-along item waits for a summary that goes out.
RIDE_ALONG = timedelta(days=7)


@dataclass
class Digest:
    user: User
    frequency: str
    since: datetime
    until: datetime
    # Only the alert matches: for people whose alert e-mails run at another
    # frequency than their digest (or who have no digest at all).
    is_alerts_only: bool = False
    # Open required reading, newest first; ``new_reading`` says whether any
    # of it was asked for in this period. Reminders and older reading ride
    # along in a summary that goes out anyway: they never bring one alone.
    required: list[Post] = field(default_factory=list)
    new_reading: bool = False
    more_to_read: int = 0
    # Links to one's own e-mails that became posts: along for the ride too.
    posted_mails: list[Notification] = field(default_factory=list)
    mentions: list[Notification] = field(default_factory=list)
    replies: list[Notification] = field(default_factory=list)
    alert_hits: list[Any] = field(default_factory=list)
    top_posts: list[Post] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Whether nothing in it is news: then no summary goes out."""
        return not (
            self.new_reading
            or self.mentions
            or self.replies
            or self.alert_hits
            or self.top_posts
        )


def _alerts_interface() -> tuple[Any, Any] | None:
    # The alerts app is optional here: without it the digest has no alert hits.
    try:
        from plein.alerts.actions import do_mark_hits_delivered
        from plein.alerts.queries import list_digest_hits
    except ImportError:
        return None
    return list_digest_hits, do_mark_hits_delivered


def _notifications(
    user: User,
    kind: str,
    since: datetime,
    until: datetime,
    *,
    emailed: bool | None = None,
) -> list:
    # What the person already read in Plein is not e-mailed again.
    qs = visible_notifications(user).filter(
        kind=kind, created_at__gte=since, created_at__lt=until, read_at__isnull=True
    )
    if emailed is not None:
        qs = qs.filter(emailed_at__isnull=not emailed)
    return list(
        qs.select_related("actor", "post", "post__group")
        .prefetch_related("target")
        .order_by("-created_at", "-id")[:ITEMS_PER_SECTION]
    )


def _is_hit_visible(user: User, hit: Any) -> bool:
    # The alerts app filters too; checked again because content a person may
    # not see must never reach them, and the digest is the last gate.
    if not can_view_post(user, hit.post):
        return False
    return hit.comment_id is None or (
        hit.comment is not None and can_view_comment(user, hit.comment)
    )


def build_digest(
    user: User, *, frequency: str, since: datetime, until: datetime
) -> Digest:
    """What goes in ``user``'s digest for the period ``[since, until)``.

    Reads only; alert hits are marked delivered by the caller once sent.
    """
    digest = Digest(user=user, frequency=frequency, since=since, until=until)
    to_read = visible_posts(user).filter(
        announcement__readers__user=user,
        announcement__readers__confirmed_at__isnull=True,
    )
    digest.required = list(
        to_read.select_related("author", "group").order_by("-created_at")[
            :ITEMS_PER_SECTION
        ]
    )
    digest.more_to_read = max(0, to_read.count() - len(digest.required))
    # Asked for in this period: told (not reminded) since the last summary.
    told = (
        Notification.objects.filter(
            recipient=user, created_at__gte=since, created_at__lt=until
        )
        .exclude(key__startswith="reminder:")
        .values("post_id")
    )
    digest.new_reading = to_read.filter(pk__in=told).exists()
    # The links to one's own e-mails that became posts of the last week,
    # unread and not e-mailed yet (the first was, with its explanation):
    # they wait for a summary that goes out, and are marked e-mailed then.
    digest.posted_mails = _notifications(
        user, "mail_posted", until - RIDE_ALONG, until, emailed=False
    )
    digest.mentions = _notifications(user, "mention", since, until)
    digest.replies = _notifications(user, "reply", since, until)
    alerts = _alerts_interface()
    if alerts is not None:
        hits = alerts[0](user, frequency=frequency)
        digest.alert_hits = [hit for hit in hits if _is_hit_visible(user, hit)]
    digest.top_posts = list(
        visible_posts(user)
        .filter(
            group__memberships__user=user,
            created_at__gte=since,
            created_at__lt=until,
        )
        .exclude(author=user)
        .annotate(score=F("reaction_count") + F("comment_count"))
        .select_related("author", "group")
        .order_by("-score", "-id")[:TOP_POSTS]
    )
    return digest


def _post_title(post: Post) -> str:
    return post.title or plain_text(post.body, limit=80)


def _post_item(post: Post) -> dict[str, Any]:
    return {
        "title": _post_title(post),
        "author": post.author.full_name,
        "group": post.group.name if post.group else "",
        "url": build_absolute_url(reverse("posts:detail", args=[post.pk])),
        "reactions": post.reaction_count,
        "comments": post.comment_count,
    }


def _notification_item(notification: Notification) -> dict[str, Any]:
    sentence = build_notification_sentence(notification)
    return {
        "sentence": sentence,
        "text": html.unescape(strip_tags(sentence)),
        "url": build_absolute_url(build_notification_url(notification)),
    }


def _hit_item(hit: Any) -> dict[str, Any]:
    url = reverse("posts:detail", args=[hit.post.pk])
    if hit.comment_id is not None:
        url += f"#comment-{hit.comment_id}"
    alert = getattr(hit, "alert", None) or hit.subscription.alert
    return {
        "alert": getattr(alert, "name", None) or str(alert),
        "title": _post_title(hit.post),
        "url": build_absolute_url(url),
    }


def build_digest_email(digest: Digest) -> Any:
    """The digest as an HTML plus plain-text e-mail in the person's language."""
    user = digest.user
    is_weekly = digest.frequency == User.DigestFrequency.WEEKLY
    with translation.override(user.language):
        if digest.is_alerts_only:
            # Stopping these means stopping alert e-mails, not the digest.
            unsubscribe_url = build_unsubscribe_url(user.pk, "alert")
            subject = _("New matches for your alerts on %(site)s")
        elif is_weekly:
            unsubscribe_url = build_unsubscribe_url(user.pk, DIGEST)
            subject = _("Your weekly summary from %(site)s")
        else:
            unsubscribe_url = build_unsubscribe_url(user.pk, DIGEST)
            subject = _("Your daily summary from %(site)s")
        subject %= {"site": settings.SITE_NAME}
        context = {
            "subject": subject,
            "required": [_post_item(p) for p in digest.required],
            "more_to_read": digest.more_to_read,
            "posted_mails": [_notification_item(n) for n in digest.posted_mails],
            "mentions": [_notification_item(n) for n in digest.mentions],
            "replies": [_notification_item(n) for n in digest.replies],
            "alert_hits": [_hit_item(h) for h in digest.alert_hits],
            "top_posts": [_post_item(p) for p in digest.top_posts],
            "is_weekly": is_weekly,
            "is_alerts_only": digest.is_alerts_only,
            "home_url": build_absolute_url("/"),
            "settings_url": build_absolute_url(
                reverse("people:settings-notifications")
            ),
            "unsubscribe_url": unsubscribe_url,
        }
        return build_mail(
            user,
            subject=subject,
            template="digest",
            context=context,
            headers=build_list_headers(unsubscribe_url),
        )


def _claim(user: User, now: datetime, period: timedelta) -> bool:
    """Take this period's digest for ``user``; False if it was already taken.

    Compare and swap on the value read: of two runs that read the same
    ``last_digest_at``, only one update matches.
    """
    previous = user.last_digest_at
    if previous is not None and previous > now - period + CLAIM_SLACK:
        return False
    same = (
        Q(last_digest_at__isnull=True)
        if previous is None
        else Q(last_digest_at=previous)
    )
    return bool(User.objects.filter(same, pk=user.pk).update(last_digest_at=now))


def send_digest(
    user: User, *, frequency: str | None = None, now: datetime | None = None
) -> bool:
    """Claim, build and send ``user``'s digest; True if an e-mail went out.

    ``frequency`` is the run (daily or weekly), the person's own by default.
    When it is not the person's digest frequency, only the alert matches of
    that frequency are sent (see :func:`send_alert_matches`). An empty digest
    is claimed but not sent. A failure gives the claim back (only if nobody
    claimed since) and is logged, not raised.
    """
    frequency = frequency or user.digest_frequency
    period = PERIODS.get(frequency)
    if period is None or not user.is_active:
        return False
    if user.digest_frequency != frequency:
        return send_alert_matches(user, frequency=frequency, now=now)
    now = now or timezone.now()
    previous = user.last_digest_at
    if not _claim(user, now, period):
        return False
    since = max(previous, now - period) if previous else now - period
    try:
        digest = build_digest(user, frequency=frequency, since=since, until=now)
        if digest.is_empty:
            return False
        build_digest_email(digest).send()
        _count_for_mail_report(digest)
        Notification.objects.filter(pk__in=[n.pk for n in digest.posted_mails]).update(
            emailed_at=now
        )
    except Exception:
        User.objects.filter(pk=user.pk, last_digest_at=now).update(
            last_digest_at=previous
        )
        logger.exception("could not send the digest to person %s", user.pk)
        return False
    alerts = _alerts_interface()
    if alerts is not None and digest.alert_hits:
        alerts[1]([hit.pk for hit in digest.alert_hits])
    return True


def _count_for_mail_report(digest: Digest) -> None:
    """A summary that lists posts made from e-mail counts against the saving."""
    from plein.mail.models import InboundMessage, SentMail
    from plein.mail.outbound import record_sent_mail

    post_ids = {p.pk for p in digest.required}
    post_ids |= {
        n.post_id for n in [*digest.posted_mails, *digest.replies] if n.post_id
    }
    from_mail = (
        InboundMessage.objects.filter(post_id__in=post_ids)
        .exclude(outcome=InboundMessage.Outcome.COMMENTED)
        .values_list("post_id", flat=True)
        .first()
    )
    if from_mail is not None:
        record_sent_mail(SentMail.Kind.DIGEST, post_id=from_mail)


def send_alert_matches(
    user: User, *, frequency: str, now: datetime | None = None
) -> bool:
    """E-mail the alert matches of ``frequency`` on their own.

    For people whose digest runs at another frequency, or is off. Each hit
    is claimed before sending (marked delivered with a conditional update),
    so a repeated run sends nothing twice; a failed send is logged and its
    hits stay delivered in the app's list rather than being mailed twice.
    """
    alerts = _alerts_interface()
    if alerts is None:
        return False
    list_hits, mark_delivered = alerts
    now = now or timezone.now()
    hits = [
        hit
        for hit in list_hits(user, frequency=frequency)
        if _is_hit_visible(user, hit) and mark_delivered([hit.pk]) == 1
    ]
    if not hits:
        return False
    digest = Digest(
        user=user,
        frequency=frequency,
        since=now - PERIODS[frequency],
        until=now,
        is_alerts_only=True,
        alert_hits=hits,
    )
    try:
        build_digest_email(digest).send()
    except Exception:
        logger.exception("could not send alert matches to person %s", user.pk)
        return False
    return True


def _people_with_alert_mail(frequency: str) -> Q:
    try:
        from plein.alerts.models import AlertHit
    except ImportError:
        return Q(pk__in=[])
    waiting = AlertHit.objects.filter(
        delivered_at__isnull=True,
        subscription__frequency=frequency,
        subscription__channel="email",
    ).values("subscription__user_id")
    return Q(pk__in=waiting)


def do_send_digests(frequency: str) -> int:
    """Send the ``frequency`` digests and alert e-mails; returns how many.

    Everyone whose digest runs at ``frequency`` gets it; anyone else with
    e-mail alert matches of that frequency gets those on their own.
    """
    now = timezone.now()
    people = User.objects.filter(is_active=True).filter(
        Q(digest_frequency=frequency) | _people_with_alert_mail(frequency)
    )
    sent = 0
    for user in people.iterator(chunk_size=500):
        sent += send_digest(user, frequency=frequency, now=now)
    return sent
