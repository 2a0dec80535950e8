"""Each detector on real-looking Dutch text: what it must find and must not."""

import pytest

from plein.governance.dlp.detectors import (
    find_bsn,
    find_cards,
    find_iban,
    find_markers,
    find_terms,
    scan_text,
)

# 111222333 and 123456782 pass the 11-proof; 123456789 does not.


@pytest.mark.parametrize(
    "text",
    [
        "Kun je de uitkering regelen? Zijn BSN is 111222333.",
        "Burgerservicenummer: 1234.56.782 (zie dossier)",
        "Graag aanpassen, sofinummer 123 456 782 klopt niet meer",
        "Her citizen service number is 111222333.",
        "111222333 is het bsn van de nieuwe collega",
    ],
)
def test_bsn_with_keyword_is_found(text: str) -> None:
    [finding] = find_bsn(text)
    assert finding.rule == "bsn"
    assert finding.match.endswith(("333", "782"))
    assert "111" not in finding.match
    assert finding.line == 1


@pytest.mark.parametrize(
    "text",
    [
        # Passes the 11-proof, but nothing says it is a BSN.
        "Ordernummer 111222333 is vandaag verzonden.",
        # Named as a BSN, but fails the 11-proof.
        "Mijn BSN is 123456789.",
        # Part of a longer number.
        "BSN-dossier 1112223334 gearchiveerd",
        # The keyword is too far away.
        "BSN-nummers horen niet in Plein. "
        + "Verder nog dit: de pakbon heeft nummer 111222333.",
    ],
)
def test_bsn_false_positives_are_ignored(text: str) -> None:
    assert find_bsn(text) == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "Maak het over naar NL91 ABNA 0417 1643 00 voor vrijdag.",
            "NL91 **** **** 4300",
        ),
        ("Rekening NL91ABNA0417164300, t.n.v. Stichting Plein", "NL91 **** **** 4300"),
        (
            "Duitse rekening: DE89 3704 0044 0532 0130 00 bij de Commerzbank",
            "DE89 **** **** 3000",
        ),
        ("Belgisch nummer BE71 0961 2345 6769.", "BE71 **** **** 6769"),
        ("kleine letters nl91abna0417164300 werken ook", "NL91 **** **** 4300"),
    ],
)
def test_iban_is_found(text: str, masked: str) -> None:
    [finding] = find_iban(text)
    assert finding.rule == "iban"
    assert finding.match == masked


@pytest.mark.parametrize(
    "text",
    [
        "Rekening NL91 ABNA 0417 1643 01 (een typfout)",
        "Ons kenmerk NL12 3456 7890 1234 56",
        "Zie artikel NL2024 ABCDEFGHIJ van de wet",
    ],
)
def test_invalid_iban_is_ignored(text: str) -> None:
    assert find_iban(text) == []


def test_two_ibans_in_one_text() -> None:
    text = "Van NL91ABNA0417164300 naar\nBE71 0961 2345 6769 overboeken"
    findings = find_iban(text)
    assert [f.line for f in findings] == [1, 2]


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Testkaart 4111 1111 1111 1111 vervalt 12/28", "**** **** **** 1111"),
        ("Visa 4012888888881881 voor de boeking", "************1881"),
        ("Mastercard 5555-5555-5555-4444 graag niet delen", "****-****-****-4444"),
        ("Amex 3782 822463 10005", "**** ****** *0005"),
    ],
)
def test_card_is_found(text: str, masked: str) -> None:
    [finding] = find_cards(text)
    assert finding.rule == "card"
    assert finding.match == masked


@pytest.mark.parametrize(
    "text",
    [
        # Luhn fails.
        "Kaart 4111 1111 1111 1112",
        # Luhn holds but no card brand starts with 1.
        "Zendingscode 1234567812345670",
        # One digit repeated is not a card.
        "0000 0000 0000 0000",
        # A phone number and a date.
        "Bel 06-12345678 op 12-03-2026",
    ],
)
def test_card_false_positives_are_ignored(text: str) -> None:
    assert find_cards(text) == []


def test_iban_digits_are_not_read_as_a_card() -> None:
    findings = scan_text("Rekening DE89 3704 0044 0532 0130 00")
    assert [f.rule for f in findings] == ["iban"]


def test_terms_whole_word_case_and_accent_insensitive() -> None:
    terms = {"Société Générale": "client", "project nachtegaal": "confidential"}
    text = "Morgen overleg met societe generale over\nProject  Nachtegaal."
    findings = find_terms(text, terms)
    assert [(f.match, f.line) for f in findings] == [
        ("societe generale", 1),
        ("Project  Nachtegaal", 2),
    ]
    assert "client" in findings[0].why or "klant" in findings[0].why
    assert find_terms("De nachtegaalzang was mooi", {"nachtegaal": "client"}) == []


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("STRIKT VERTROUWELIJK: de reorganisatie", ["STRIKT VERTROUWELIJK"]),
        ("Dit stuk is vertrouwelijk.", ["vertrouwelijk"]),
        ("Confidential - draft", ["Confidential"]),
        ("Alleen voor intern gebruik", ["intern gebruik"]),
    ],
)
def test_markers_are_found(text: str, matches: list[str]) -> None:
    assert [f.match for f in find_markers(text)] == matches


@pytest.mark.parametrize(
    "text",
    ["Vertrouwelijkheid is een groot goed", "We value confidentiality", "Intern"],
)
def test_marker_false_positives_are_ignored(text: str) -> None:
    assert find_markers(text) == []
