"""Where a message goes: a comment, a group post, a post, or nowhere.

The rules, first match wins (docs/mail.md):

0. an address a feature claimed (``<local part>@MAIL_DOMAIN``,
   ``plein.mail.gateway.extensions``): that feature's handler;
1. a reply address ``r-…@MAIL_DOMAIN`` among the recipients: a comment;
2. a group address ``<slug>@MAIL_DOMAIN``: a post in that group;
3. In-Reply-To/References naming a mail that became a post: a comment;
4. more than MAIL_POST_THRESHOLD internal recipients: a restricted post;
5. anything else is ordinary mail and is left alone.

``decide_route`` reads people and groups but writes nothing; the replay
command calls it for its dry run, the gateway action for real delivery.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from plein.access.groups import can_post_in_group
from plein.access.posts import visible_posts
from plein.access.roles import OUTSIDER_ROLES
from plein.groups.models import Group
from plein.mail.addresses import ReplyTarget, parse_reply_address
from plein.mail.gateway.errors import NotAllowed, UnknownAddress
from plein.mail.gateway.extensions import find_address_handler
from plein.mail.gateway.parse import ParsedMail
from plein.people.models import User
from plein.posts.models import Post

REPLY = "reply"
GROUP = "group"
THREAD = "thread"
POST = "post"
IGNORE = "ignore"
HANDLED = "handled"

_RESULT_RE = re.compile(r"\b(dmarc|dkim|spf)\s*=\s*([a-z]+)([^;]*)", re.IGNORECASE)
_DOMAIN_RE = re.compile(
    r"\b(header\.d|header\.i|smtp\.mailfrom|header\.from)\s*=\s*(\S+)"
)


@dataclass
class Route:
    kind: str
    sender_address: str
    sender: User | None = None
    reply_target: ReplyTarget | None = None
    group: Group | None = None
    thread_post_id: int | None = None
    to_people: list[User] = field(default_factory=list)
    cc_people: list[User] = field(default_factory=list)
    internal_count: int = 0
    # HANDLED: the claimed local part, the key of its address handler.
    handler: str = ""


def max_recipients() -> int:
    return settings.MAIL_MAX_RECIPIENTS


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def is_gateway_address(address: str) -> bool:
    return _domain(address) == settings.MAIL_DOMAIN.lower()


# Never an organisation's own domain, whoever of its people uses one.
FREE_MAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "gmail.com",
        "googlemail.com",
        "gmx.com",
        "gmx.de",
        "gmx.net",
        "hotmail.com",
        "hotmail.nl",
        "icloud.com",
        "kpnmail.nl",
        "live.com",
        "live.nl",
        "me.com",
        "outlook.com",
        "outlook.nl",
        "planet.nl",
        "proton.me",
        "protonmail.com",
        "xs4all.nl",
        "yahoo.com",
        "ziggo.nl",
    }
)
_DERIVED_KEY = "plein:mail:internal-domains"
_DERIVED_SECONDS = 60


def internal_domains() -> frozenset[str]:
    """The organisation's e-mail domains: addresses there are colleagues.

    MAIL_INTERNAL_DOMAINS when set; otherwise the domains of the
    organisation's own people (not guests, not free-mail providers), so that
    a new installation, and the demo, convert mail at once.
    """
    if settings.MAIL_INTERNAL_DOMAINS:
        return frozenset(d.lower().lstrip("@") for d in settings.MAIL_INTERNAL_DOMAINS)
    return people_domains()


def people_domains() -> frozenset[str]:
    """The domains of active people who are not guests (a minute in the cache)."""
    cached = cache.get(_DERIVED_KEY)
    if cached is None:
        emails = (
            User.objects.filter(is_active=True)
            .exclude(role__in=OUTSIDER_ROLES)
            .values_list("email", flat=True)
            .iterator(chunk_size=2000)
        )
        cached = sorted({_domain(e) for e in emails} - FREE_MAIL_DOMAINS - {""})
        cache.set(_DERIVED_KEY, cached, _DERIVED_SECONDS)
    return frozenset(cached)


def is_internal_address(address: str) -> bool:
    return _domain(address) in internal_domains()


def find_group(address: str) -> Group | None:
    """The group behind ``<slug>@MAIL_DOMAIN``, or None."""
    if not is_gateway_address(address):
        return None
    slug = address.rpartition("@")[0].lower()
    return Group.objects.filter(slug=slug).first()


def find_person(address: str) -> User | None:
    """The active person with this e-mail address (case-insensitive)."""
    return User.objects.filter(email__iexact=address, is_active=True).first()


def people_by_address(addresses: Iterable[str]) -> dict[str, User]:
    domains = internal_domains()
    wanted = [a.lower() for a in addresses if _domain(a) in domains]
    if not wanted:
        return {}
    return {
        person.email.lower(): person
        for person in User.objects.filter(email__in=wanted, is_active=True)
    }


def check_authentication(mail: ParsedMail) -> None:
    """Refuse a spoofed From, trusting only our own server's results.

    Authentication-Results headers are trusted only when their authserv-id
    equals MAIL_AUTHSERV_ID: anyone can write such a header into a message,
    but only the receiving server's copy is added after the others. A
    trusted ``dmarc=fail`` is always refused. With MAIL_REQUIRE_DMARC a
    trusted ``dmarc=pass`` is required, or, where the server does not run
    DMARC, an spf or dkim pass for the From domain.
    """
    authserv_id = (settings.MAIL_AUTHSERV_ID or "").strip().lower()
    results: dict[str, list[tuple[str, str]]] = {}
    for header in mail.authentication_results if authserv_id else []:
        server = header.split(";", 1)[0].strip().split()
        if not server or server[0].lower() != authserv_id:
            continue
        for method, result, rest in _RESULT_RE.findall(header):
            domains = [
                d.strip("<>@").rpartition("@")[2] for _k, d in _DOMAIN_RE.findall(rest)
            ]
            results.setdefault(method.lower(), []).append(
                (result.lower(), (domains[0] if domains else "").lower())
            )
    dmarc = [result for result, _d in results.get("dmarc", [])]
    if any(result != "pass" for result in dmarc):
        raise NotAllowed(_("The sender address failed DMARC: the From looks spoofed."))
    if not settings.MAIL_REQUIRE_DMARC or "pass" in dmarc:
        return
    from_domain = _domain(mail.from_address)
    for method in ("dkim", "spf"):
        for result, domain in results.get(method, []):
            if result == "pass" and domain == from_domain:
                return
    raise NotAllowed(_("The message has no passing DMARC result from our mail server."))


def no_such_address() -> UnknownAddress:
    """The one refusal for a group address the sender cannot use.

    An unknown address, a secret group, a group the sender is not in and a
    sender who is not a person all get these same words and codes: the
    bounce must not tell whether a group exists.
    """
    return UnknownAddress(
        _("There is no such group or reply address, or you may not post there.")
    )


# "RE: AW: Fwd[2]: Antw:" and the like, repeated, at the start of a subject.
_PREFIX_RE = re.compile(
    r"^\s*(?:(?:re|aw|antw|fw|fwd|doorst|wg|tr|sv|vs)\s*(?:\[\d+\]|\(\d+\))?\s*[:\uff1a]\s*)+",
    re.IGNORECASE,
)
# How long after a converted mail a reply may find it by its subject alone.
THREAD_BY_SUBJECT_DAYS = 7


def normalise_subject(subject: str) -> str:
    """The subject without reply and forward prefixes, spaces folded, lower case."""
    return " ".join(_PREFIX_RE.sub("", subject).split()).casefold()[:200]


def is_reply_subject(subject: str) -> bool:
    return bool(_PREFIX_RE.match(subject))


def find_thread(
    mail: ParsedMail,
    sender: User | None,
    recipient_ids: set[int],
    *,
    now: datetime | None = None,
) -> int | None:
    """The post a reply belongs to: by References, then Outlook, then subject.

    In-Reply-To/References name the converted mail itself. Outlook keeps
    its conversation (Thread-Index) even where a client drops References. A
    reply without either ("RE: …" from a phone, a forward to the same
    people) belongs to the newest post of the last week made from a mail
    with the same subject, when the sender and at least one recipient were
    among that post's people (its author and audience): the same
    conversation, not a namesake.
    """
    from plein.mail.models import InboundMessage

    converted = InboundMessage.objects.filter(post__isnull=False)
    by_headers = [
        converted.filter(message_id__in=mail.references) if mail.references else None,
        converted.filter(conversation=mail.conversation) if mail.conversation else None,
    ]
    for found in by_headers:
        if found is not None:
            post_id = (
                found.order_by("received_at").values_list("post_id", flat=True).first()
            )
            if post_id is not None:
                return post_id
    topic = normalise_subject(mail.thread_topic or mail.subject)
    if sender is None or not recipient_ids or not topic:
        return None
    if not is_reply_subject(mail.subject):
        return None
    now = now or timezone.now()
    since = now - timedelta(days=THREAD_BY_SUBJECT_DAYS)
    candidates = list(
        converted.filter(topic=topic, received_at__gte=since, received_at__lte=now)
        .order_by("-received_at")
        .values_list("post_id", "post__author_id")[:5]
    )
    for post_id, author_id in candidates:
        people = {author_id, *_audience_ids(post_id, {sender.pk, *recipient_ids})}
        # A post the sender may no longer read leaves the reply ordinary
        # mail instead of bouncing it.
        if (
            sender.pk in people
            and people & recipient_ids
            and visible_posts(sender, Post.objects.filter(pk=post_id)).exists()
        ):
            return post_id
    return None


def _audience_ids(post_id: int, among: set[int]) -> set[int]:
    from plein.posts.models import PostAudience

    return set(
        PostAudience.objects.filter(post_id=post_id, user_id__in=among).values_list(
            "user_id", flat=True
        )
    )


def decide_route(
    mail: ParsedMail,
    envelope_recipients: Iterable[str],
    *,
    now: datetime | None = None,
) -> Route:
    """Pick the rule for ``mail``; raise UnknownAddress or NotAllowed to refuse.

    ``envelope_recipients`` matter for the gateway's own addresses: a group
    or reply address may be in Bcc and so only in the envelope. A group
    address the sender may not post to counts as no address at all. An
    address a feature claimed wins over every other rule, automatic mail
    included, whoever the sender is: its handler decides (HANDLED).
    """
    envelope = [a.strip().strip("<>").lower() for a in envelope_recipients]
    addresses = list(dict.fromkeys([*envelope, *mail.recipients]))
    if len(addresses) > max_recipients():
        raise NotAllowed(_("The message has too many recipients."))
    check_authentication(mail)
    route = Route(kind=IGNORE, sender_address=mail.from_address)
    # One query finds the sender and the colleagues among the recipients.
    people = people_by_address([*mail.recipients, mail.from_address])
    sender = people.get(mail.from_address) or (
        None
        if is_internal_address(mail.from_address)
        else find_person(mail.from_address)
    )
    route.sender = sender
    ours = [a for a in addresses if is_gateway_address(a)]
    for address in ours:
        # Before the automatic-mail rule: alert services send automatic
        # mail, and the feature that claimed the address decides.
        claimed = find_address_handler(address)
        if claimed is not None:
            route.kind = HANDLED
            route.handler = claimed
            return route
    if mail.auto_submitted:
        # An out-of-office reply to a reply address, a bounce, a notification
        # of our own: accepted, and left alone (RFC 3834).
        return route
    for address in ours:
        target = parse_reply_address(address)
        if target is None:
            continue
        if sender is None:
            raise UnknownAddress(_("The sender is not a known, active person."))
        if sender.pk != target.user_id:
            raise NotAllowed(
                _("This reply address belongs to someone other than the sender.")
            )
        route.kind = REPLY
        route.reply_target = target
        return route
    for address in ours:
        group = find_group(address)
        # Unknown, secret, or closed to this sender: all alike (no_such_address).
        if group is None or sender is None or not can_post_in_group(sender, group):
            continue
        route.kind = GROUP
        route.group = group
        return route
    if envelope and all(is_gateway_address(a) for a in envelope):
        raise no_such_address()

    route.to_people = [people[a] for a in mail.to if a in people]
    route.cc_people = [
        people[a] for a in mail.cc if a in people and a not in set(mail.to)
    ]
    # The sender does not count as a recipient of their own mail.
    internal = {p.pk for p in [*route.to_people, *route.cc_people]}
    internal.discard(sender.pk if sender else None)
    route.internal_count = len(internal)

    thread = find_thread(mail, sender, internal, now=now)
    if thread is not None:
        if sender is None:
            raise UnknownAddress(_("The sender is not a known, active person."))
        route.kind = THREAD
        route.thread_post_id = thread
        return route
    if route.internal_count > settings.MAIL_POST_THRESHOLD:
        if sender is None:
            raise UnknownAddress(_("The sender is not a known, active person."))
        route.kind = POST
    return route
