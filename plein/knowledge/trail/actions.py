"""Every change to the search trail: opting in and out, recording searches.

Only stems of query words are kept, per person and stem, with a weight that
halves every ``SEARCH_TRAIL_HALF_LIFE_DAYS``; the query as typed, its word
order and its time are never stored. Nothing is stored for a person who did
not opt in, and opting out deletes everything at once.
"""

import math
import re
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from plein.access.people import is_active_person
from plein.core.errors import Forbidden
from plein.core.events import emit_on_commit
from plein.core.language import guess_language
from plein.knowledge.trail.models import TrailOptIn, TrailTerm
from plein.search.text import STOP_WORDS, stem, words

# At most this many distinct stems are taken from one query.
MAX_TERMS_PER_SEARCH = 8
MIN_WORD_LENGTH = 2
MAX_WORD_LENGTH = 40
_MENTION_RE = re.compile(r"@\S+")
# What a handle looks like in a query: letters, digits, dots and dashes.
_HANDLE_RE = re.compile(r"[\w][\w.\-]*")


def half_life_days() -> float:
    return max(1, int(getattr(settings, "SEARCH_TRAIL_HALF_LIFE_DAYS", 14)))


def max_age_days() -> int:
    return max(1, int(getattr(settings, "SEARCH_TRAIL_MAX_AGE_DAYS", 90)))


def decayed_weight(weight: float, last_seen_at: datetime, now: datetime) -> float:
    """``weight`` (as of ``last_seen_at``) decayed to ``now``."""
    days = max(0.0, (now - last_seen_at).total_seconds() / 86400)
    return weight * math.pow(0.5, days / half_life_days())


def extract_terms(text: str, language: str) -> dict[str, str]:
    """{stem: lower-cased word} for the words of a query worth keeping.

    Stop words, one-letter words, over-long words and anything with a digit
    (numbers, codes, telephone or personnel numbers) are dropped, as are
    ``@mentions`` and handles of colleagues: they name a person, not a topic.
    """
    from plein.people.models import User

    text = _MENTION_RE.sub(" ", text or "")
    tokens = {token.lower() for token in _HANDLE_RE.findall(text)}
    if tokens:
        handles = set(
            User.objects.filter(handle__in=tokens).values_list("handle", flat=True)
        )
        if handles:
            text = _HANDLE_RE.sub(
                lambda m: " " if m.group(0).lower() in handles else m.group(0), text
            )
    kept: list[str] = []
    for word in words(text):
        if (
            word in STOP_WORDS
            or not MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH
            or any(ch.isdigit() for ch in word)
            or word in kept
        ):
            continue
        kept.append(word)
    terms: dict[str, str] = {}
    for word in kept:
        word_stem = stem(word, language)[:64]
        if word_stem and word_stem not in terms:
            terms[word_stem] = word[:64]
        if len(terms) >= MAX_TERMS_PER_SEARCH:
            break
    return terms


def is_opted_in(user: Any) -> bool:
    return (
        is_active_person(user) and TrailOptIn.objects.filter(person_id=user.pk).exists()
    )


def do_record_search(user: Any, text: str) -> None:
    """Add a search to the trail of ``user``, if they opted in; else nothing.

    The query's language is guessed from its words, with the person's
    language as the default, and each kept word is stemmed in it. Runs its
    own transaction (it is called from read-only search views) and locks the
    person's rows for the stems it touches. Emits nothing: a search is not
    an event anyone else hears of.
    """
    if not is_opted_in(user):
        return
    language = guess_language(text or "", default=getattr(user, "language", "nl"))
    terms = extract_terms(text, language)
    if not terms:
        return
    now = timezone.now()
    with transaction.atomic():
        existing = {
            term.stem: term
            for term in TrailTerm.objects.select_for_update().filter(
                person_id=user.pk, stem__in=list(terms)
            )
        }
        for term in existing.values():
            term.weight = decayed_weight(term.weight, term.last_seen_at, now) + 1.0
            term.last_seen_at = now
            term.surface = terms[term.stem]
        TrailTerm.objects.bulk_update(
            list(existing.values()), ["weight", "last_seen_at", "surface"]
        )
        TrailTerm.objects.bulk_create(
            [
                TrailTerm(
                    person_id=user.pk,
                    stem=word_stem,
                    surface=surface,
                    weight=1.0,
                    last_seen_at=now,
                )
                for word_stem, surface in terms.items()
                if word_stem not in existing
            ],
            # A search of the same person in parallel may have added the
            # stem meanwhile; losing one count of it is harmless.
            ignore_conflicts=True,
        )


def check_set_opt_in(actor: Any, *, opted_in: bool) -> bool:
    """Opt in to the search trail, or out (which deletes the trail at once).

    Emits ``trail.opt_in.changed`` (payload ``{"opted_in"}``, audience the
    person) so the audit log shows the choice. Returns the new state.
    """
    if not is_active_person(actor):
        raise Forbidden()
    if opted_in:
        _, changed = TrailOptIn.objects.get_or_create(person_id=actor.pk)
    else:
        do_delete_trail(actor)
        changed = TrailOptIn.objects.filter(person_id=actor.pk).delete()[0] > 0
    if changed:
        emit_on_commit(
            "trail.opt_in.changed",
            {"opted_in": opted_in},
            [actor.pk],
            actor_id=actor.pk,
        )
    return opted_in


def do_delete_trail(actor: Any) -> int:
    """Delete every stored term of ``actor`` (the opt-in stays); the count."""
    return TrailTerm.objects.filter(person_id=actor.pk).delete()[0]


def do_purge_old_terms(now: datetime | None = None) -> int:
    """Delete terms last searched more than ``SEARCH_TRAIL_MAX_AGE_DAYS`` ago.

    Also drops whatever is left of people who are no longer opted in (none
    should be: opting out deletes at once). Returns the number deleted.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=max_age_days())
    old = TrailTerm.objects.filter(last_seen_at__lt=cutoff).delete()[0]
    orphans = TrailTerm.objects.exclude(
        person_id__in=TrailOptIn.objects.values("person_id")
    ).delete()[0]
    return old + orphans
