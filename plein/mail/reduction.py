"""The e-mail Plein itself sends because mail became posts, simulated.

``plein mail-replay`` removes deliveries (the colleagues who read a
converted mail in Plein instead of their inbox) and must subtract every
e-mail Plein sends in return. Each thing Plein tells a person about a
converted mail is a :class:`Told`; whether it becomes an e-mail depends
on the person's settings (instant e-mail per kind, their summary's
frequency) and on the readers, under two stated assumptions:

``reads_in_plein``
    People open Plein every day before their summary goes out: what they
    were told is read there, so the summary has nothing of it and nobody
    needs a reminder. Only what is e-mailed at once still goes out.
``nobody_opens_plein``
    The worst case: nobody opens Plein and nobody confirms. Everything not
    e-mailed at once goes into the next summary, and every reminder the
    policy schedules falls due (e-mailed where a person chose that).

A summary counts once per person and day, however many items it lists.
As in ``plein.mail.digest``, a summary goes out only for news: reminders
and links to one's own e-mails ride along in one that goes out anyway.
See docs/mail.md ("An honest figure").
"""

import zoneinfo
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings

READS_IN_PLEIN = "reads_in_plein"
NOBODY_OPENS_PLEIN = "nobody_opens_plein"
ASSUMPTIONS = (READS_IN_PLEIN, NOBODY_OPENS_PLEIN)

NOTIFICATIONS = "notifications"
DIGESTS = "digests"
REMINDERS = "reminders"
CONFIRMATIONS = "confirmations"
MAIL_KINDS = (NOTIFICATIONS, DIGESTS, REMINDERS, CONFIRMATIONS)

# When the summaries go out (plein.mail.tasks: 07:00, weekly on Monday).
DIGEST_HOUR = 7


@dataclass(frozen=True)
class Told:
    """One thing Plein tells one person because of one converted mail."""

    person_id: int
    at: datetime
    source: int  # which converted mail caused it (for weeks, departments)
    instant: bool  # e-mailed at once (the person's choice, or always)
    mail_kind: str = NOTIFICATIONS  # what it counts as when e-mailed at once
    is_reminder: bool = False  # only falls due when the reading stays open
    rides_along: bool = False  # listed in a summary, but never the reason for one


@dataclass(frozen=True)
class Sent:
    """One e-mail Plein sends: to whom, of which kind, because of what."""

    person_id: int
    kind: str
    source: int


def next_digest(at: datetime, frequency: str) -> datetime | None:
    """When the summary that lists something told at ``at`` goes out."""
    if frequency not in ("daily", "weekly"):
        return None
    local = at.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))
    due = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if due <= local:
        due += timedelta(days=1)
    if frequency == "weekly":
        due += timedelta(days=(7 - due.weekday()) % 7)
    return due


@dataclass
class Simulation:
    """Collects what people are told and turns it into e-mails per assumption."""

    digest_frequency: dict[int, str]  # person → "daily", "weekly" or "off"
    told: list[Told] = field(default_factory=list)

    def add(self, told: Told) -> None:
        self.told.append(told)

    def mails(self, assumption: str) -> list[Sent]:
        sent: list[Sent] = []
        digests: dict[tuple[int, datetime], int] = {}
        for item in sorted(self.told, key=lambda t: t.at):
            if item.is_reminder and assumption == READS_IN_PLEIN:
                continue  # read and confirmed before the reminder was due
            if item.instant:
                sent.append(Sent(item.person_id, item.mail_kind, item.source))
                continue
            if assumption == READS_IN_PLEIN or item.rides_along:
                continue  # read in Plein, or in a summary that went anyway
            frequency = self.digest_frequency.get(item.person_id, "daily")
            due = next_digest(item.at, frequency)
            if due is not None:
                digests.setdefault((item.person_id, due), item.source)
        sent += [
            Sent(person, DIGESTS, source) for (person, _due), source in digests.items()
        ]
        return sent


def count_by_kind(sent: list[Sent]) -> dict[str, int]:
    counts = Counter(s.kind for s in sent)
    figures = {kind: counts.get(kind, 0) for kind in MAIL_KINDS}
    figures["total"] = len(sent)
    return figures
