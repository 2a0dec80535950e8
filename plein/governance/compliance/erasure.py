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
  mail they sent through the gateway are pseudonymised;
- their traces in the knowledge apps go (``_erase_knowledge``): search
  trail and opt-in, wiki pages read, topic decisions and expertise
  evidence, endorsements given and received, "this helped me" marks given
  and their own points; votes on answers and acceptances stay, like
  reactions;
- what they wrote follows ``settings.ERASURE_CONTENT``: "keep" leaves it,
  shown under the pseudonym; "delete" purges their posts and comments for
  good (replies under a deleted comment go with it) and removes the text
  of their wiki versions (``_delete_wiki_content``).

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
    _erase_knowledge(person)

    content = settings.ERASURE_CONTENT
    if content == "delete":
        _delete_content(person)
        _delete_wiki_content(actor, person)
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


def _erase_knowledge(person: User) -> None:
    """Personal traces in the knowledge apps.

    Deleted: the search trail and its opt-in, the wiki pages they read,
    their topic decisions and expertise evidence, endorsements they gave and
    received, the "this helped me" marks they gave and their own points.
    Kept, like reactions: their votes on answers and the answers they
    accepted (they shape other people's questions), and the points others
    earned from them (the giver is the pseudonymised account).
    """
    from plein.knowledge.expertise.actions import do_refresh_evidence, endorsed_by
    from plein.knowledge.expertise.models import Endorsement, Evidence, TopicConsent
    from plein.knowledge.recognition.models import HelpedMark, Point
    from plein.knowledge.trail.models import TrailOptIn, TrailTerm
    from plein.knowledge.wiki.models import PageRead

    TrailTerm.objects.filter(person=person).delete()
    TrailOptIn.objects.filter(person=person).delete()
    PageRead.objects.filter(reader=person).delete()
    HelpedMark.objects.filter(giver=person).delete()
    Point.objects.filter(person=person).delete()
    # The colleagues they endorsed lose that endorsement from their evidence.
    endorsed = endorsed_by(person.pk)
    Endorsement.objects.filter(endorser=person).delete()
    Endorsement.objects.filter(person=person).delete()
    for person_id, kinds in endorsed.items():
        do_refresh_evidence(person_id, kinds)
    TopicConsent.objects.filter(person=person).delete()
    Evidence.objects.filter(person=person).delete()


def _delete_wiki_content(actor: Any, person: User) -> None:
    """Remove the text they wrote in the wiki, keeping every page's history whole.

    - A page only they wrote (every version theirs) is deleted (as the wiki
      deletes: its pages move up, links to it go missing, it leaves search)
      and its title becomes "Removed page #<id>".
    - A page others wrote on too stays; if its current version is theirs,
      the page goes back to the newest version someone else wrote, as a new
      version by the admin who erased them.
    - Every version they wrote keeps its number, date and author (the
      pseudonym) but loses its text and note; the files they uploaded to
      pages are deleted (after commit).
    - Colleagues' "this helped me" marks on what is gone are deleted.
    - Pages of a group under a legal hold are left as they are.
    """
    from plein.governance.compliance.holds import active_holds
    from plein.knowledge.recognition.models import HelpedMark
    from plein.knowledge.wiki.actions import do_delete_page, do_edit_page
    from plein.knowledge.wiki.links import build_page_render
    from plein.knowledge.wiki.models import Page, PageFile, PageLink, Revision
    from plein.posts.models import Comment, Post

    # A legal hold on a group keeps its wiki as it is (holds naming the
    # person refuse the erasure altogether).
    held_groups = active_holds().filter(person__isnull=True).values("group_id")
    theirs = Revision.objects.filter(author=person).exclude(
        page__group_id__in=held_groups
    )
    page_ids = set(theirs.values_list("page_id", flat=True))
    shared = set(
        Revision.objects.filter(page_id__in=page_ids)
        .exclude(author=person)
        .values_list("page_id", flat=True)
    )
    with translation.override(settings.LANGUAGE_CODE):
        removed_title = pgettext("erased wiki page", "Removed page #%(id)d")
        restored_note = pgettext(
            "erased wiki page", "Version %(number)d restored after an erasure"
        )
    removed: list[int] = []
    for page in Page.objects.filter(pk__in=page_ids).order_by("pk"):
        if page.pk not in shared:
            if page.deleted_at is None:
                do_delete_page(actor, page)
            title = removed_title % {"id": page.pk}
            Page.objects.filter(pk=page.pk).update(title=title, body="", body_html="")
            Revision.objects.filter(page=page).update(title=title)
            PageLink.objects.filter(source=page).delete()
            removed.append(page.pk)
            continue
        current = Revision.objects.filter(page=page, number=page.revision).first()
        if current is None or current.author_id != person.pk:
            continue
        earlier = (
            Revision.objects.filter(page=page)
            .exclude(author=person)
            .order_by("-number")
            .first()
        )
        if earlier is None:  # pragma: no cover - shared means there is one
            continue
        if page.deleted_at is None:
            do_edit_page(
                actor,
                page,
                title=earlier.title,
                body=earlier.body,
                base_revision=page.revision,
                note=restored_note % {"number": earlier.number},
            )
        else:
            Page.objects.filter(pk=page.pk).update(
                title=earlier.title,
                body=earlier.body,
                body_html=build_page_render(page, earlier.body).html,
            )
    theirs.update(body="", note="")
    files = PageFile.objects.filter(uploaded_by=person).exclude(
        page__group_id__in=held_groups
    )
    for stored in files.exclude(file=""):
        name, storage = stored.file.name, stored.file.storage
        transaction.on_commit(lambda n=name, s=storage: s.delete(n))
    files.delete()
    # Colleagues' "this helped me" on what is gone: their posts and comments
    # (purged just before) and the pages removed here.
    HelpedMark.objects.filter(receiver=person, target_kind="post").exclude(
        target_id__in=Post.objects.filter(author=person).values("pk")
    ).delete()
    HelpedMark.objects.filter(receiver=person, target_kind="comment").exclude(
        target_id__in=Comment.objects.filter(author=person).values("pk")
    ).delete()
    HelpedMark.objects.filter(target_kind="page", target_id__in=removed).delete()


def _delete_content(person: User) -> None:
    from plein.governance.compliance.holds import current_holds
    from plein.posts.models import Comment, Post
    from plein.posts.personal_data import (
        held_comments,
        held_posts,
        purge_comments,
        purge_posts,
    )

    holds = current_holds()
    # What a legal hold on a group keeps stays (under the pseudonym).
    post_ids = list(
        Post.objects.filter(author=person)
        .exclude(pk__in=held_posts(holds).values("pk"))
        .values_list("pk", flat=True)
    )
    for start in range(0, len(post_ids), 200):
        purged = purge_posts(post_ids[start : start + 200])
        emit_on_commit("compliance.content.purged", {"reason": "erasure", **purged})
    comment_ids = list(
        Comment.objects.filter(author=person)
        .exclude(pk__in=held_comments(holds).values("pk"))
        .values_list("pk", flat=True)
    )
    for start in range(0, len(comment_ids), 200):
        purged = purge_comments(comment_ids[start : start + 200])
        emit_on_commit("compliance.content.purged", {"reason": "erasure", **purged})
