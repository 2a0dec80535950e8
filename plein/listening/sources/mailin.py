"""Mail to the listening address becomes mentions.

Listening claims ``<LISTENING_ADDRESS_LOCAL_PART>@MAIL_DOMAIN`` ("listen@")
on the mail gateway (``plein.mail.gateway.extensions``); the gateway has
already checked the message's size, structure, the sender's rate and the
From address's authentication (DMARC/SPF) when ``handle_listening_mail``
is called, inside the message's transaction. Who may write to it:

1. a sender of alert mails that communications registered (a source of
   kind "alert_mail" with this From address, e.g.
   googlealerts-noreply@google.com): its links become mentions of that
   source;
2. an active colleague (not a guest or alumnus), forwarding an alert or
   any mail with links: mentions of the "Colleagues" source, each with
   who sent it (``MentionSubmission``);
3. anyone else is refused, and nothing is kept.

Both read the message with ``extract_alert_links`` (alerts, forwards inline
or attached, plain mails; redirect wrappers unwrapped). Links to the
organisation's own domains and to Plein itself are left out: a colleague's
signature is not a mention. Deduplication is ``do_take_in``'s.
"""

from email.message import Message
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from plein.access.listening import can_submit_mention
from plein.core.errors import Forbidden, InvalidInput
from plein.listening.mentions.actions import FeedItem, do_submit_links, do_take_in
from plein.listening.mentions.alertmail import AlertLink, extract_alert_links
from plein.listening.mentions.models import MentionSubmission
from plein.listening.mentions.sentiment import guess_language
from plein.listening.sources.actions import do_get_colleagues_source, do_record_intake
from plein.listening.sources.models import Source
from plein.mail.gateway.extensions import HandledMail
from plein.mail.gateway.parse import ParsedMail
from plein.mail.gateway.rules import internal_domains
from plein.people.models import User


def build_listening_address() -> str:
    """The address alert mails and colleagues' links go to."""
    return f"{settings.LISTENING_ADDRESS_LOCAL_PART}@{settings.MAIL_DOMAIN}"


def build_items(links: list[AlertLink]) -> list[FeedItem]:
    """The links of a mail as items to take in, without the organisation's own."""
    own = _own_hosts()
    items = []
    for link in links:
        host = (urlsplit(link.url).hostname or "").lower()
        if any(host == domain or host.endswith("." + domain) for domain in own):
            continue
        text = f"{link.title} {link.excerpt}".strip()
        items.append(
            FeedItem(
                url=link.url,
                title=link.title,
                excerpt=link.excerpt,
                # A guess from frequent words; a text without any stays unknown.
                language=guess_language(text) if text else "",
            )
        )
    return items


def _own_hosts() -> set[str]:
    hosts = {d.lower() for d in internal_domains()}
    hosts.add(settings.MAIL_DOMAIN.lower())
    site = urlsplit(settings.SITE_URL).hostname
    if site:
        hosts.add(site.lower())
    return hosts


def _taken_in(links: int, new: int) -> str:
    return _("Listening: links taken in: %(links)d; new mentions: %(new)d.") % {
        "links": links,
        "new": new,
    }


def handle_listening_mail(
    mail: ParsedMail, message: Message, sender: User | None
) -> HandledMail:
    """Take the links of a mail to the listening address in as mentions.

    Raises Forbidden (the gateway refuses the mail, nothing is kept) when
    the From address is neither a registered alert sender nor an active
    colleague, and tells a colleague when their mail held no link or
    communications turned the "Colleagues" source off (InvalidInput). An
    alert source that is turned off takes nothing in: its mail is accepted
    and recorded as ignored (an alert service that gets bounces may stop
    sending), and so is a colleague's automatic reply.
    """
    alert_source = Source.objects.filter(
        kind=Source.Kind.ALERT_MAIL, sender_address=mail.from_address.lower()
    ).first()
    if alert_source is not None:
        if not alert_source.is_active:
            return HandledMail(
                _("Listening: this alert source is turned off."), is_ignored=True
            )
        items = build_items(extract_alert_links(message))
        new = do_take_in(alert_source, items)
        do_record_intake(alert_source, items=len(items))
        return HandledMail(_taken_in(len(items), new))
    if sender is None or not can_submit_mention(sender):
        raise Forbidden(
            _(
                "Only colleagues, and alert services that communications "
                "registered, can send links to this address."
            )
        )
    if mail.auto_submitted:
        return HandledMail(
            _("Listening: an automatic reply, nothing taken in."), is_ignored=True
        )
    source = do_get_colleagues_source()
    if not source.is_active:
        raise InvalidInput(_("Communications is not taking in links at the moment."))
    items = build_items(extract_alert_links(message))
    if not items:
        raise InvalidInput(_("There is no link to an outside page in this message."))
    mentions, new = do_submit_links(
        sender, source, items, via=MentionSubmission.Via.MAIL
    )
    return HandledMail(_taken_in(len(mentions), new))
