"""The Dutch catalogue is complete, and Dutch is what Dutch speakers get."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

LOCALE_DIR = Path(settings.BASE_DIR) / "plein" / "locale"
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [v for k, v in self.fields.items() if k.startswith("msgstr")]

    def label(self) -> str:
        context = self.fields.get("msgctxt")
        return f"{context}|{self.msgid}" if context else self.msgid


def parse_po(path: Path) -> list[Entry]:
    """A small .po parser: enough for catalogues written by gettext tools."""
    entries: list[Entry] = []
    entry = Entry()
    current = None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry.fields:
                entries.append(entry)
            entry, current = Entry(), None
        elif line.startswith("#~"):
            continue  # obsolete entries do not count
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := KEYWORD.match(line):
            current = match.group(1)
            entry.fields[current] = ast.literal_eval(match.group(2))
        elif line.startswith('"') and current:
            entry.fields[current] += ast.literal_eval(line)
        else:
            raise AssertionError(f"{path}: cannot parse line {raw!r}")
    return entries


@pytest.fixture(scope="module")
def dutch() -> list[Entry]:
    return parse_po(LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po")


def test_the_dutch_catalogue_has_entries(dutch: list[Entry]) -> None:
    assert len(dutch) > 100


def test_the_dutch_header_is_set(dutch: list[Entry]) -> None:
    header = next(e for e in dutch if e.msgid == "")
    text = header.fields["msgstr"]
    assert "Language: nl\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text
    assert "fuzzy" not in header.flags


def test_every_dutch_entry_is_translated(dutch: list[Entry]) -> None:
    untranslated = [
        e.label()
        for e in dutch
        if e.msgid and not (e.translations and all(t.strip() for t in e.translations))
    ]
    assert untranslated == []


def test_no_dutch_entry_is_fuzzy(dutch: list[Entry]) -> None:
    assert [e.label() for e in dutch if "fuzzy" in e.flags] == []


def test_plural_entries_have_both_forms(dutch: list[Entry]) -> None:
    for e in dutch:
        if "msgid_plural" in e.fields:
            assert {"msgstr[0]", "msgstr[1]"} <= e.fields.keys(), e.label()


def test_placeholders_survive_translation(dutch: list[Entry]) -> None:
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for e in dutch:
        if not e.msgid:
            continue
        expected = sorted(placeholder.findall(e.fields.get("msgid_plural", e.msgid)))
        for text in e.translations:
            assert sorted(placeholder.findall(text)) == expected, e.label()


def test_the_compiled_catalogues_are_shipped() -> None:
    for code in ("nl", "en"):
        assert (LOCALE_DIR / code / "LC_MESSAGES" / "django.mo").is_file(), code


def test_key_strings_come_out_in_dutch() -> None:
    with translation.override("nl"):
        assert gettext("Groups") == "Groepen"
        assert gettext("Home") == "Start"
        assert gettext("People") == "Collega's"
        assert gettext("Notifications") == "Meldingen"
        assert gettext("Log out") == "Uitloggen"
        assert pgettext("reaction", "Like") == "Vind ik leuk"
        assert pgettext("group kind", "Closed") == "Besloten"
        assert pgettext("bookmark", "Save") == "Bewaren"
        members = ("%(counter)s member", "%(counter)s members")
        assert ngettext(*members, 1) == "%(counter)s lid"
        assert ngettext(*members, 3) == "%(counter)s leden"


def test_english_stays_english() -> None:
    with translation.override("en"):
        assert gettext("Groups") == "Groups"
        assert pgettext("reaction", "Like") == "Like"
