"""Erasure (GDPR/AVG article 17): an organisation admin removes a person.

The account row stays (posts, reactions and the audit log point at it) but
everything that identifies the person goes:

- name becomes "Former colleague #<id>", e-mail a unique placeholder, the
  handle a random one; phone, location, job title, bio, languages, photo
  (the file too), skills, department and manager are cleared;
- the password becomes unusable, the account inactive, every session ends
  and every API token is revoked;
- their alerts, subscriptions, notifications, feed rows, bookmarks,
  follows, notification preferences and "download my data" zips are
  deleted; the invitation that brought them in and the sender address of
  mail they sent through the gateway are pseudonymised (Plein keeps no
  search history, so there is no search trail to delete);
- what they wrote follows ``settings.ERASURE_CONTENT``: "keep" leaves it,
  shown under the pseudonym; "delete" purges their posts and comments for
  good (replies under a deleted comment go with it).

A person named by an active legal hold cannot be erased: the admin is told
which hold stands in the way. The audit log keeps its entries (ids only).
"""

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from plein.access.people import is_org_admin
from plein.core.errors import Conflict, InvalidInput, NotFound
from plein.core.events import emit_on_commit
from plein.governance.compliance.holds import person_on_hold
from plein.people.models import User

ERASED_DOMAIN = "erased.invalid"


def is_erased(person: User) -> bool:
    return person.email.endswith(f"@{ERASED_DOMAIN}")


def access_person_for_erasure(actor: Any, person_id: int) -> User:
    """The person an org admin may erase; NotFound for everyone else."""
    if not is_org_admin(actor):
        raise NotFound()
    try:
        return User.objects.get(pk=person_id)
    except (User.DoesNotExist, ValueError):
        raise NotFound() from None


def check_erase_person(actor: Any, person: User) -> User:
    """Validate and authorise an erasure, then erase. Call inside a transaction."""
    if not is_org_admin(actor):
        raise NotFound()
    if person.pk == actor.pk:
        raise InvalidInput(_("You cannot erase yourself."), field="person")
    if is_erased(person):
        raise Conflict(pgettext("erasure", "This person has already been erased."))
    # Lock the row so a hold placed at the same moment is seen or waits.
    person = User.objects.select_for_update().get(pk=person.pk)
    hold = person_on_hold(person)
    if hold is not None:
        raise Conflict(
            pgettext(
                "erasure",
                "%(name)s cannot be erased: the legal hold “%(matter)s” "
                "(placed %(date)s) covers them. A compliance officer must "
                "release it first.",
            )
            % {
                "name": person.full_name,
                "matter": hold.matter,
                "date": f"{hold.created_at:%Y-%m-%d}",
            },
            field="person",
        )
    return do_erase_person(actor, person)


def _pseudonym(person: User) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return pgettext("erased person", "Former colleague #%(id)d") % {"id": person.pk}


def do_erase_person(actor: Any, person: User) -> User:
    """Remove a person's personal data (see the module docstring)."""
    from plein.alerts.models import Alert, AlertSubscription
    from plein.feed.models import InboxEntry
    from plein.notifications.models import Notification, Preference
    from plein.people.actions import do_end_sessions
    from plein.people.models import ApiToken, Follow, Invitation
    from plein.posts.models import Bookmark, HashtagFollow, PostFollow

    now = timezone.now()
    if person.photo:
        name, storage = person.photo.name, person.photo.storage
        transaction.on_commit(lambda: storage.delete(name))
    person.full_name = _pseudonym(person)
    person.email = f"erased-{person.pk}-{secrets.token_hex(6)}@{ERASED_DOMAIN}"
    person.handle = f"former-{person.pk}-{secrets.token_hex(4)}"
    for field in ("phone", "location", "job_title", "bio", "spoken_languages"):
        setattr(person, field, "")
    person.photo = ""
    person.department = None
    person.manager = None
    person.is_active = False
    person.deactivated_at = person.deactivated_at or now
    person.digest_frequency = User.DigestFrequency.OFF
    person.set_unusable_password()
    person.save()
    person.skills.clear()
    User.objects.filter(manager=person).update(manager=None)

    ApiToken.objects.filter(user=person, revoked_at__isnull=True).update(revoked_at=now)
    do_end_sessions(person)

    Alert.objects.filter(created_by=person, is_shared=False).delete()
    AlertSubscription.objects.filter(user=person).delete()
    Notification.objects.filter(recipient=person).delete()
    Preference.objects.filter(user=person).delete()
    InboxEntry.objects.filter(user=person).delete()
    Bookmark.objects.filter(user=person).delete()
    PostFollow.objects.filter(user=person).delete()
    HashtagFollow.objects.filter(user=person).delete()
    Follow.objects.filter(follower=person).delete()
    Follow.objects.filter(followed=person).delete()
    Invitation.objects.filter(user=person).update(
        email=person.email, full_name=person.full_name
    )

    _erase_elsewhere(person)

    content = settings.ERASURE_CONTENT
    if content == "delete":
        _delete_content(person)
    else:
        content = "keep"  # the text stays, shown under the pseudonym
    emit_on_commit(
        "compliance.person.erased",
        {"user_id": person.pk, "content": content},
        [actor.pk],
        actor_id=actor.pk,
    )
    return person


def _erase_elsewhere(person: User) -> None:
    """Personal data kept by other apps: "download my data" zips, mail senders."""
    from plein.governance.privacy.models import DataExport
    from plein.mail.models import InboundMessage

    exports = DataExport.objects.filter(person=person)
    for relative in exports.exclude(file="").values_list("file", flat=True):
        path = Path(settings.MEDIA_ROOT) / relative
        transaction.on_commit(lambda p=path: p.unlink(missing_ok=True))
    exports.delete()
    InboundMessage.objects.filter(sender=person).update(sender_address=person.email)


def _delete_content(person: User) -> None:
    from plein.governance.compliance.retention import (
        do_purge_comments,
        do_purge_posts,
    )
    from plein.posts.models import Comment, Post

    post_ids = list(Post.objects.filter(author=person).values_list("pk", flat=True))
    for start in range(0, len(post_ids), 200):
        do_purge_posts(post_ids[start : start + 200], reason="erasure")
    comment_ids = list(
        Comment.objects.filter(author=person).values_list("pk", flat=True)
    )
    for start in range(0, len(comment_ids), 200):
        do_purge_comments(comment_ids[start : start + 200], reason="erasure")
