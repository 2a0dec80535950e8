"""How an event name reads in the audit log ("posts.post.created" → "Post published").

The log stores event names; this table turns them into translated labels
when a page or an export is built, with the labels features register for
their own events (``plein.core.events.register_event_labels``). An event
without a label shows its name, so a new event is never hidden, only less
readable until added (``test_every_emitted_event_has_a_label`` lists the
missing ones).
"""

from typing import Any

from django.utils.translation import pgettext, pgettext_lazy

from plein.core.events import event_labels

ACTION_LABELS: dict[str, Any] = {
    # People and accounts
    "people.person.created": pgettext_lazy("audit action", "Person added"),
    "people.person.profile_edited": pgettext_lazy("audit action", "Profile edited"),
    "people.person.role_changed": pgettext_lazy("audit action", "Role changed"),
    "people.person.deactivated": pgettext_lazy("audit action", "Person deactivated"),
    "people.person.reactivated": pgettext_lazy("audit action", "Person reactivated"),
    "people.invitation.created": pgettext_lazy("audit action", "Invitation sent"),
    "people.invitation.accepted": pgettext_lazy("audit action", "Invitation accepted"),
    "people.session.logged_in": pgettext_lazy("audit action", "Logged in"),
    "people.session.logged_out": pgettext_lazy("audit action", "Logged out"),
    "people.sessions.ended": pgettext_lazy("audit action", "All sessions ended"),
    "people.password.changed": pgettext_lazy("audit action", "Password changed"),
    "people.login.failed": pgettext_lazy("audit action", "Log-in failed"),
    "people.login.locked": pgettext_lazy("audit action", "Log-in locked"),
    "people.api_token.created": pgettext_lazy("audit action", "API token created"),
    "people.api_token.revoked": pgettext_lazy("audit action", "API token revoked"),
    "people.follow.created": pgettext_lazy("audit action", "Started following"),
    "people.follow.deleted": pgettext_lazy("audit action", "Stopped following"),
    "notifications.preference.changed": pgettext_lazy(
        "audit action", "Notification setting changed"
    ),
    # Groups
    "groups.group.created": pgettext_lazy("audit action", "Group created"),
    "groups.group.updated": pgettext_lazy("audit action", "Group edited"),
    "groups.group.visibility_changed": pgettext_lazy(
        "audit action", "Group visibility changed"
    ),
    "groups.invitation.created": pgettext_lazy("audit action", "Invited to a group"),
    "groups.join_request.created": pgettext_lazy(
        "audit action", "Asked to join a group"
    ),
    "groups.join_request.approved": pgettext_lazy(
        "audit action", "Join request approved"
    ),
    "groups.join_request.declined": pgettext_lazy(
        "audit action", "Join request declined"
    ),
    "groups.membership.created": pgettext_lazy("audit action", "Joined a group"),
    "groups.membership.deleted": pgettext_lazy("audit action", "Left a group"),
    "groups.membership.role_changed": pgettext_lazy(
        "audit action", "Group role changed"
    ),
    # Posts
    "posts.post.created": pgettext_lazy("audit action", "Post published"),
    "posts.post.edited": pgettext_lazy("audit action", "Post edited"),
    "posts.post.deleted": pgettext_lazy("audit action", "Post deleted"),
    "posts.post.pinned": pgettext_lazy("audit action", "Post pinned"),
    "posts.post.unpinned": pgettext_lazy("audit action", "Post unpinned"),
    "posts.post.released": pgettext_lazy("audit action", "Post released"),
    "posts.comment.created": pgettext_lazy("audit action", "Comment published"),
    "posts.comment.edited": pgettext_lazy("audit action", "Comment edited"),
    "posts.comment.deleted": pgettext_lazy("audit action", "Comment deleted"),
    "posts.comment.released": pgettext_lazy("audit action", "Comment released"),
    "posts.reaction.added": pgettext_lazy("audit action", "Reaction added"),
    "posts.reaction.removed": pgettext_lazy("audit action", "Reaction removed"),
    # Announcements, alerts
    "announcements.announcement.readers_required": pgettext_lazy(
        "audit action", "Required readers named"
    ),
    "announcements.announcement.confirmed": pgettext_lazy(
        "audit action", "Reading confirmed"
    ),
    "announcements.reminder_policy.updated": pgettext_lazy(
        "audit action", "Reminder policy changed"
    ),
    "alerts.alert.created": pgettext_lazy("audit action", "Term alert created"),
    "alerts.alert.updated": pgettext_lazy("audit action", "Term alert edited"),
    "alerts.alert.deleted": pgettext_lazy("audit action", "Term alert deleted"),
    "alerts.subscription.saved": pgettext_lazy(
        "audit action", "Subscribed to a shared alert"
    ),
    "alerts.subscription.deleted": pgettext_lazy(
        "audit action", "Unsubscribed from a shared alert"
    ),
    # Trust and governance
    "guidelines.version.published": pgettext_lazy(
        "audit action", "Guidelines published"
    ),
    "guidelines.version.accepted": pgettext_lazy("audit action", "Guidelines accepted"),
    "guidelines.question.created": pgettext_lazy("audit action", "Quiz question added"),
    "guidelines.question.changed": pgettext_lazy(
        "audit action", "Quiz question changed"
    ),
    "guidelines.acceptances.exported": pgettext_lazy(
        "audit action", "Acceptances downloaded"
    ),
    "dlp.hit.recorded": pgettext_lazy("audit action", "Leak prevention match"),
    "dlp.hit.reviewed": pgettext_lazy("audit action", "Leak prevention reviewed"),
    "dlp.rule.updated": pgettext_lazy("audit action", "Leak prevention rule changed"),
    "dlp.term.created": pgettext_lazy("audit action", "Watched term added"),
    "dlp.term.updated": pgettext_lazy("audit action", "Watched term changed"),
    "dlp.term.deleted": pgettext_lazy("audit action", "Watched term removed"),
    "moderation.report.created": pgettext_lazy("audit action", "Content reported"),
    "moderation.content.withheld": pgettext_lazy("audit action", "Content hidden"),
    "moderation.decision.made": pgettext_lazy("audit action", "Moderation decision"),
    "compliance.audit.exported": pgettext_lazy("audit action", "Audit log downloaded"),
    "compliance.export.created": pgettext_lazy(
        "audit action", "eDiscovery export started"
    ),
    "compliance.export.completed": pgettext_lazy(
        "audit action", "eDiscovery export ready"
    ),
    "compliance.export.failed": pgettext_lazy(
        "audit action", "eDiscovery export failed"
    ),
    "compliance.export.downloaded": pgettext_lazy(
        "audit action", "eDiscovery export downloaded"
    ),
    "compliance.hold.created": pgettext_lazy("audit action", "Legal hold placed"),
    "compliance.hold.released": pgettext_lazy("audit action", "Legal hold released"),
    "compliance.person.erased": pgettext_lazy("audit action", "Person erased"),
    "compliance.content.purged": pgettext_lazy(
        "audit action", "Content removed for good"
    ),
    "compliance.retention.changed": pgettext_lazy("audit action", "Retention changed"),
    "compliance.retention.cleared": pgettext_lazy("audit action", "Retention removed"),
    "compliance.retention.purged": pgettext_lazy(
        "audit action", "Content past retention removed"
    ),
    "privacy.export.requested": pgettext_lazy(
        "audit action", "Personal data download requested"
    ),
    "privacy.export.downloaded": pgettext_lazy(
        "audit action", "Personal data downloaded"
    ),
    "privacy.export.expired": pgettext_lazy(
        "audit action", "Personal data download expired"
    ),
    "privacy.settings.changed": pgettext_lazy(
        "audit action", "Privacy settings changed"
    ),
    # Knowledge
    "wiki.page.created": pgettext_lazy("audit action", "Wiki page created"),
    "wiki.page.edited": pgettext_lazy("audit action", "Wiki page edited"),
    "wiki.page.moved": pgettext_lazy("audit action", "Wiki page moved"),
    "wiki.page.deleted": pgettext_lazy("audit action", "Wiki page deleted"),
    "wiki.page.verified": pgettext_lazy("audit action", "Wiki page verified"),
    "qna.question.asked": pgettext_lazy("audit action", "Question asked"),
    "qna.answer.voted": pgettext_lazy("audit action", "Vote on an answer"),
    "qna.answer.accepted": pgettext_lazy("audit action", "Answer accepted"),
    "qna.answer.unaccepted": pgettext_lazy("audit action", "Acceptance withdrawn"),
    "expertise.endorsement.created": pgettext_lazy("audit action", "Skill endorsed"),
    "expertise.endorsement.deleted": pgettext_lazy(
        "audit action", "Endorsement withdrawn"
    ),
    "expertise.topic.decided": pgettext_lazy("audit action", "Topic confirmed"),
    "trail.opt_in.changed": pgettext_lazy(
        "audit action", "Search trail setting changed"
    ),
    "recognition.settings.changed": pgettext_lazy(
        "audit action", "Recognition settings changed"
    ),
}


# django.contrib.admin's log, recorded as "admin.<model>.<verb>".
ADMIN_VERB_LABELS = {
    "added": pgettext_lazy("audit action", "Added in the admin: %(model)s"),
    "changed": pgettext_lazy("audit action", "Changed in the admin: %(model)s"),
    "deleted": pgettext_lazy("audit action", "Deleted in the admin: %(model)s"),
}


def action_label(action: str) -> str:
    """The translated label of an event name, or the name itself."""
    label = ACTION_LABELS.get(action) or event_labels().get(action)
    if label is not None:
        return str(label)
    parts = action.split(".")
    if len(parts) == 3 and parts[0] == "admin" and parts[2] in ADMIN_VERB_LABELS:
        return str(ADMIN_VERB_LABELS[parts[2]]) % {"model": parts[1]}
    return action


# Keys of event payloads, as the details list names them. Others are shown
# as written, with spaces for underscores.
DETAIL_LABELS: dict[str, Any] = {
    "post_id": pgettext_lazy("audit detail", "Post"),
    "comment_id": pgettext_lazy("audit detail", "Comment"),
    "parent_id": pgettext_lazy("audit detail", "In reply to"),
    "group_id": pgettext_lazy("audit detail", "Group"),
    "user_id": pgettext_lazy("audit detail", "Person"),
    "person_id": pgettext_lazy("audit detail", "Person"),
    "author_id": pgettext_lazy("audit detail", "Author"),
    "actor_id": pgettext_lazy("audit detail", "By"),
    "owner_id": pgettext_lazy("audit detail", "Owner"),
    "manager_id": pgettext_lazy("audit detail", "Manager"),
    "mention_ids": pgettext_lazy("audit detail", "Mentioned"),
    "new_mention_ids": pgettext_lazy("audit detail", "Newly mentioned"),
    "kind": pgettext_lazy("audit detail", "Kind"),
    "role": pgettext_lazy("audit detail", "Role"),
    "fields": pgettext_lazy("audit detail", "Fields"),
    "reason": pgettext_lazy("audit detail", "Reason"),
    "rows": pgettext_lazy("audit detail", "Rows"),
}


def detail_label(key: str) -> str:
    label = DETAIL_LABELS.get(key)
    if label is not None:
        return str(label)
    return key.replace("_", " ")


def yes_no(value: bool) -> str:
    return pgettext("audit detail", "yes") if value else pgettext("audit detail", "no")
