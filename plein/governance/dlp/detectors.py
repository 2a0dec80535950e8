"""Detectors: find what should not leak in a text, and say where and why.

Each detector is a plain function from text to a list of :class:`Finding`.
They know nothing about rules, people or the database (the terms come in
as an argument), so they are cheap to test with real-looking text.

Matches are masked for display: the author sees enough to find the spot
("NL91 **** **** 4300"), and the recorded hits never hold the full number.
"""

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.nl import bsn as stdnum_bsn


class RuleCode:
    """The rule every finding belongs to (``DlpRule.code``)."""

    BSN = "bsn"
    IBAN = "iban"
    CARD = "card"
    TERM = "term"
    MARKER = "marker"
    GUESTS = "guests"


@dataclass(frozen=True)
class Finding:
    rule: str
    match: str  # masked for display
    why: str  # translated, one sentence
    start: int | None = None  # offsets in the scanned text; None for the group
    end: int | None = None
    line: int | None = None  # 1-based

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _spans_overlap(start: int, end: int, taken: Iterable[tuple[int, int]]) -> bool:
    return any(start < t_end and t_start < end for t_start, t_end in taken)


def _mask_digits(raw: str, keep: int) -> str:
    """Replace every digit but the last ``keep`` with ``*``, keeping the layout."""
    total = sum(ch.isdigit() for ch in raw)
    seen = 0
    out = []
    for ch in raw:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > total - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


# --- BSN -------------------------------------------------------------------

# Nine digits, optionally grouped with dots or spaces (123456782,
# 1234.56.782, 123 456 782), not part of a longer number.
BSN_PATTERN = re.compile(r"(?<!\d)(?<!\d[ .])\d(?:[ .]?\d){8}(?![ .]?\d)")
BSN_KEYWORDS = re.compile(
    r"(?<!\w)(?:bsn|burgerservicenummer|burger\s?service\s?nummer|"
    r"sofi-?nummer|sofi|citizen\s+service\s+number)",
    re.IGNORECASE,
)
BSN_KEYWORD_DISTANCE = 40


def find_bsn(text: str) -> list[Finding]:
    """Citizen service numbers: the 11-proof AND a keyword nearby.

    Without the keyword a number is not a hit: about one in eleven random
    nine-digit numbers passes the checksum (order numbers, phone numbers).
    """
    findings = []
    for match in BSN_PATTERN.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) != 9 or not stdnum_bsn.is_valid(digits):
            continue
        before = text[max(0, match.start() - BSN_KEYWORD_DISTANCE) : match.start()]
        after = text[match.end() : match.end() + BSN_KEYWORD_DISTANCE]
        if not (BSN_KEYWORDS.search(before) or BSN_KEYWORDS.search(after)):
            continue
        findings.append(
            Finding(
                rule=RuleCode.BSN,
                match=_mask_digits(match.group(), 3),
                why=_(
                    "A citizen service number (BSN): it passes the 11-proof "
                    "and is named as a BSN nearby."
                ),
                start=match.start(),
                end=match.end(),
                line=line_of(text, match.start()),
            )
        )
    return findings


# --- IBAN ------------------------------------------------------------------

IBAN_PATTERN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}", re.IGNORECASE
)


def mask_iban(compact: str) -> str:
    return f"{compact[:4]} **** **** {compact[-4:]}"


def find_iban(text: str) -> list[Finding]:
    """Bank account numbers of any country, with or without spaces (mod-97).

    The pattern may run on into the next word ("NL91 ABNA ... 00 EN"), so
    the longest prefix that is a valid IBAN wins.
    """
    findings = []
    position = 0
    while (match := IBAN_PATTERN.search(text, position)) is not None:
        # Try again one character on when this candidate is no IBAN: a
        # failed run may have swallowed the start of a real one.
        position = match.start() + 1
        # Map each character of the compact form back to the text.
        positions = [
            match.start() + i for i, ch in enumerate(match.group()) if ch != " "
        ]
        compact = match.group().replace(" ", "").upper()
        for length in range(min(len(compact), 34), 14, -1):
            candidate = compact[:length]
            end = positions[length - 1] + 1
            if end < len(text) and text[end].isalnum():
                continue  # would cut a word or number in two
            if stdnum_iban.is_valid(candidate):
                findings.append(
                    Finding(
                        rule=RuleCode.IBAN,
                        match=mask_iban(candidate),
                        why=_(
                            "A bank account number (IBAN): its check digits are valid."
                        ),
                        start=match.start(),
                        end=end,
                        line=line_of(text, match.start()),
                    )
                )
                position = end
                break
    return findings


# --- Payment cards -----------------------------------------------------------

CARD_PATTERN = re.compile(r"(?<!\d)(?<!\d[ -])\d(?:[ -]?\d){12,18}(?![ -]?\d)")
# (prefix range as strings, allowed lengths, brand)
CARD_BRANDS: list[tuple[str, str, tuple[int, ...], str]] = [
    ("4", "4", (13, 16, 19), "Visa"),
    ("51", "55", (16,), "Mastercard"),
    ("2221", "2720", (16,), "Mastercard"),
    ("34", "34", (15,), "American Express"),
    ("37", "37", (15,), "American Express"),
    ("6011", "6011", (16, 17, 18, 19), "Discover"),
    ("644", "649", (16, 17, 18, 19), "Discover"),
    ("65", "65", (16, 17, 18, 19), "Discover"),
    ("3528", "3589", (16, 17, 18, 19), "JCB"),
    ("300", "305", (14, 16, 17, 18, 19), "Diners Club"),
    ("36", "36", (14, 16, 17, 18, 19), "Diners Club"),
    ("38", "39", (16, 17, 18, 19), "Diners Club"),
    ("62", "62", (16, 17, 18, 19), "UnionPay"),
    ("5018", "5018", (12, 13, 14, 15, 16, 17, 18, 19), "Maestro"),
    ("5020", "5020", (12, 13, 14, 15, 16, 17, 18, 19), "Maestro"),
    ("5038", "5038", (12, 13, 14, 15, 16, 17, 18, 19), "Maestro"),
    ("6304", "6304", (12, 13, 14, 15, 16, 17, 18, 19), "Maestro"),
    ("6759", "6759", (12, 13, 14, 15, 16, 17, 18, 19), "Maestro"),
    ("6761", "6763", (12, 13, 14, 15, 16, 17, 18, 19), "Maestro"),
]


def card_brand(digits: str) -> str | None:
    for low, high, lengths, brand in CARD_BRANDS:
        prefix = digits[: len(low)]
        if low <= prefix <= high and len(digits) in lengths:
            return brand
    return None


def _looks_made_up(digits: str) -> bool:
    """One digit repeated, or a plain run up or down: not a real card."""
    if len(set(digits)) == 1:
        return True
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(digits)}
    return steps in ({1}, {9})


def find_cards(text: str, taken: Iterable[tuple[int, int]] = ()) -> list[Finding]:
    """Payment card numbers: 13 to 19 digits, a known brand, and the Luhn check.

    ``taken`` are spans already explained (an IBAN's digits are not a card).
    """
    taken = list(taken)
    findings = []
    for match in CARD_PATTERN.finditer(text):
        if _spans_overlap(match.start(), match.end(), taken):
            continue
        digits = re.sub(r"\D", "", match.group())
        if not 13 <= len(digits) <= 19 or _looks_made_up(digits):
            continue
        brand = card_brand(digits)
        if brand is None or not luhn.is_valid(digits):
            continue
        findings.append(
            Finding(
                rule=RuleCode.CARD,
                match=_mask_digits(match.group(), 4),
                why=_("A payment card number (%(brand)s): it passes the card checksum.")
                % {"brand": brand},
                start=match.start(),
                end=match.end(),
                line=line_of(text, match.start()),
            )
        )
    return findings


# --- Words: confidential terms, client names, markers ------------------------


def fold(text: str) -> tuple[str, list[int]]:
    """Lower-case ``text`` without accents, and where each character came from.

    Matching on the folded text finds "Sociéte" for the term "societe";
    the index list maps every folded character back to the original offset.
    """
    out: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        for part in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(part):
                continue
            for folded in part.casefold():
                out.append(folded)
                origin.append(index)
    return "".join(out), origin


def _word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """One whole-word alternation over folded words, longest first."""
    folded = {
        " ".join(fold(word)[0].split()) for word in words if word and word.strip()
    }
    if not folded:
        return None
    parts = [
        r"\s+".join(re.escape(piece) for piece in word.split())
        for word in sorted(folded, key=len, reverse=True)
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def _find_words(
    text: str, words: dict[str, str], rule: str, why_for: dict[str, str]
) -> list[Finding]:
    """Whole-word, case- and accent-insensitive matches of ``words``.

    ``words`` maps each word to a kind; ``why_for`` maps each kind to its reason.
    """
    pattern = _word_pattern(words)
    if pattern is None:
        return []
    kinds = {" ".join(fold(w)[0].split()): kind for w, kind in words.items()}
    folded, origin = fold(text)
    findings = []
    for match in pattern.finditer(folded):
        start = origin[match.start()]
        end = origin[match.end() - 1] + 1
        key = " ".join(match.group().split())
        findings.append(
            Finding(
                rule=rule,
                match=text[start:end],
                why=why_for[kinds.get(key, next(iter(why_for)))],
                start=start,
                end=end,
                line=line_of(text, start),
            )
        )
    return findings


def find_terms(text: str, terms: dict[str, str]) -> list[Finding]:
    """Organisation-defined words: ``terms`` maps a term to "client" or "confidential"."""
    return _find_words(
        text,
        terms,
        RuleCode.TERM,
        {
            "client": _("The name of a client on the organisation's list."),
            "confidential": _(
                "A term the organisation has marked as confidential "
                "(a project, a deal, a code name)."
            ),
        },
    )


MARKERS = [
    "strikt vertrouwelijk",
    "strictly confidential",
    "vertrouwelijk",
    "confidential",
    "intern gebruik",
    "internal use only",
]


def find_markers(text: str) -> list[Finding]:
    """Classification markers: the text says itself it is not for everyone."""
    return _find_words(
        text,
        dict.fromkeys(MARKERS, "marker"),
        RuleCode.MARKER,
        {
            "marker": _(
                "The text is marked as confidential or for internal use: "
                "check that everyone who can read it may."
            )
        },
    )


def scan_text(text: str, terms: dict[str, str] | None = None) -> list[Finding]:
    """Every detector over ``text``, in reading order."""
    findings = find_bsn(text) + find_iban(text)
    taken = [(f.start or 0, f.end or 0) for f in findings]
    findings += find_cards(text, taken)
    findings += find_terms(text, terms or {})
    findings += find_markers(text)
    return sorted(findings, key=lambda f: (f.start or 0, f.rule))
