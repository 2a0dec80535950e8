"""Alert mails (Google Alerts and the like) read into candidate mentions."""

import base64
import time
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from pathlib import Path
from urllib.parse import quote

import pytest

from plein.listening.mentions.alertmail import (
    MAX_BODY_CHARS,
    MAX_EXCERPT_CHARS,
    MAX_LINKS,
    MAX_TITLE_CHARS,
    AlertLink,
    extract_alert_links,
    unwrap_url,
)

FIXTURES = Path(__file__).parent / "fixtures"

NOS = "https://nos.nl/artikel/2633301-zuiderhaven-bank-sluit-twaalf-kantoren-in-noord-nederland"
FD = (
    "https://fd.nl/financiele-markten/1550123/ex-medewerkers-klagen-over-werkdruk-"
    "bij-zuiderhaven-bank?utm_source=google&utm_medium=alert"
)
COMPUTABLE = (
    "https://www.computable.nl/artikel/nieuws/banken/7470012/"
    "zuiderhaven-bank-zoekt-40-it-ers.html"
)
ALERT_TITLES = [
    "Zuiderhaven Bank sluit twaalf kantoren in Noord-Nederland",
    "Ex-medewerkers klagen over werkdruk bij Zuiderhaven Bank",
    "Zuiderhaven Bank zoekt 40 IT'ers voor nieuw datacentrum",
]


def load(name: str, *, modern: bool = False) -> Message:
    raw = (FIXTURES / name).read_bytes()
    return message_from_bytes(raw, policy=policy.default if modern else policy.compat32)


def html_mail(body: str, charset: str = "utf-8") -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Google Alerts <googlealerts-noreply@google.com>"
    message["To"] = "listening@zuiderhaven.example"
    message["Subject"] = "Google Alert - Zuiderhaven Bank"
    message.set_content(body, subtype="html", charset=charset)
    return message


def raw_html_mail(html: str) -> Message:
    """A message parsed from bytes, as the gateway gives it (fast for huge bodies)."""
    head = b"From: a@example.nl\nContent-Type: text/html; charset=utf-8\n\n"
    return message_from_bytes(head + html.encode("utf-8", "surrogatepass"))


def google(target: str) -> str:
    return f"https://www.google.com/url?rct=j&sa=t&url={quote(target, safe=':/')}&ct=ga"


@pytest.mark.parametrize("modern", [False, True], ids=["compat32", "default-policy"])
def test_google_alert_gives_its_three_results_unwrapped(modern):
    links = extract_alert_links(load("google_alert_nl.eml", modern=modern))

    assert [link.url for link in links] == [NOS, FD, COMPUTABLE]
    assert [link.title for link in links] == ALERT_TITLES
    assert links[0].excerpt.startswith(
        "NOS Zuiderhaven Bank sluit volgend jaar twaalf kantoren in Groningen,"
    )
    # Entities are decoded, markup and the non-breaking space are gone.
    assert 'beschrijven een "cultuur van overwerk"' in links[1].excerpt
    assert "openen & zoekt" in links[2].excerpt
    assert all("<" not in link.excerpt and "\xa0" not in link.excerpt for link in links)


def test_google_alert_service_and_share_links_are_skipped():
    links = extract_alert_links(load("google_alert_nl.eml"))

    for link in links:
        assert "google." not in link.url
        assert "facebook.com" not in link.url
        assert "twitter.com" not in link.url
    assert "Markeren als niet relevant" not in [link.title for link in links]
    # The "flag as irrelevant" link ends the excerpt before it.
    assert all("Markeren" not in link.excerpt for link in links)


def test_html_is_read_instead_of_the_plain_text_alternative():
    message = EmailMessage()
    message.set_content(f"Alleen in de tekstversie\n{COMPUTABLE}\n")
    message.add_alternative(f'<a href="{NOS}">Alleen in HTML</a>', subtype="html")

    links = extract_alert_links(message)

    assert links == [AlertLink(NOS, "Alleen in HTML", "")]


@pytest.mark.parametrize("modern", [False, True], ids=["compat32", "default-policy"])
def test_alert_forwarded_as_attachment_gives_the_same_links(modern):
    forwarded = extract_alert_links(
        load("google_alert_forwarded_attachment.eml", modern=modern)
    )

    assert forwarded == extract_alert_links(load("google_alert_nl.eml"))


def test_alert_attached_as_an_eml_file_is_read():
    message = EmailMessage()
    message["From"] = "sanne.devries@zuiderhaven.example"
    message["Subject"] = "Alert van vandaag"
    message.set_content("Zie bijlage.")
    message.add_attachment(
        (FIXTURES / "google_alert_nl.eml").read_bytes(),
        maintype="application",
        subtype="octet-stream",
        filename="Google Alert - Zuiderhaven Bank.eml",
    )

    links = extract_alert_links(message)

    assert [link.url for link in links] == [NOS, FD, COMPUTABLE]


def test_safelinks_around_google_redirects_are_both_unwrapped():
    links = extract_alert_links(load("google_alert_safelinks.eml"))

    assert links == [
        AlertLink(
            url=NOS,
            title=ALERT_TITLES[0],
            excerpt=(
                "NOS Zuiderhaven Bank sluit volgend jaar twaalf kantoren in "
                "Groningen, Friesland en Drenthe."
            ),
        ),
        AlertLink(
            url=FD,
            title=ALERT_TITLES[1],
            excerpt=(
                "Het Financieele Dagblad Oud-medewerkers van Zuiderhaven Bank "
                'beschrijven een "cultuur van overwerk".'
            ),
        ),
    ]


@pytest.mark.parametrize("modern", [False, True], ids=["compat32", "default-policy"])
def test_plain_text_alert_gives_titles_from_the_lines_above_each_link(modern):
    links = extract_alert_links(load("google_alert_plain.eml", modern=modern))

    assert [link.url for link in links] == [NOS, FD, COMPUTABLE]
    assert [link.title for link in links] == ALERT_TITLES
    assert links[0].excerpt.startswith("NOS Zuiderhaven Bank sluit volgend jaar")
    assert "Markeren" not in " ".join(link.excerpt for link in links)


def test_malformed_alert_gives_what_can_be_read():
    """Broken From, unknown charset, bad base64, Windows-1252 bytes said to be
    UTF-8, an unclosed style, a missing closing boundary and a cut-off tag."""
    for modern in (False, True):
        links = extract_alert_links(load("malformed_alert.eml", modern=modern))

        assert links == [
            AlertLink(
                url=(
                    "https://www.rtvnoord.nl/nieuws/1234567/"
                    "zuiderhaven-bank-opent-caf\xe9-in-hoofdkantoor"
                ),
                title="Zuiderhaven Bank opent caf\xe9 in hoofdkantoor",
                excerpt=(
                    "Het voormalige bankgebouw aan de Vismarkt krijgt een "
                    "caf\xe9 & werkplekken"
                ),
            ),
            AlertLink(
                url="https://www.dvhn.nl/groningen/zuiderhaven-bank-nieuwe-directeur",
                title="Zuiderhaven Bank benoemt nieuwe directeur",
                excerpt="Na het vertrek van",
            ),
        ]


def test_forwarded_inline_plain_text_with_quote_markers():
    message = EmailMessage()
    message["From"] = "sanne.devries@zuiderhaven.example"
    message["Subject"] = "Fwd: Google Alert - Zuiderhaven Bank"
    message.set_content(
        "Interessant voor het recruitmentteam.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Google Alerts <googlealerts-noreply@google.com>\n"
        "Subject: Google Alert - Zuiderhaven Bank\n\n"
        "> Zuiderhaven Bank zoekt 40 IT'ers voor nieuw datacentrum\n"
        "> Computable\n"
        "> De Groningse bank wil het datacentrum in 2027 openen.\n"
        f"> <{google(COMPUTABLE)}>\n"
    )

    links = extract_alert_links(message)

    assert links == [
        AlertLink(
            url=COMPUTABLE,
            title=ALERT_TITLES[2],
            excerpt="Computable De Groningse bank wil het datacentrum in 2027 openen.",
        )
    ]


@pytest.mark.parametrize(
    ("wrapped", "target"),
    [
        (google(NOS), NOS),
        (google(FD), FD),
        (f"https://www.google.nl/url?q={quote(NOS, safe='')}&sa=D", NOS),
        (
            "https://www.bing.com/ck/a?!&&p=4f1c2a&ptn=3&ver=2&u=a1"
            + base64.urlsafe_b64encode(NOS.encode()).decode().rstrip("=")
            + "&ntb=1",
            NOS,
        ),
        (
            "https://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=1"
            f"&url={quote(FD, safe='')}&c=1234",
            FD,
        ),
        (
            "https://eur03.safelinks.protection.outlook.com/?url="
            f"{quote(COMPUTABLE, safe='')}&data=05%7C02%7C&reserved=0",
            COMPUTABLE,
        ),
        (
            "https://eur03.safelinks.protection.outlook.com/?url="
            f"{quote(google(NOS), safe='')}&data=05%7C02%7C&reserved=0",
            NOS,
        ),
        (f"https://l.facebook.com/l.php?u={quote(NOS, safe='')}&h=AT0x", NOS),
        (
            "https://urldefense.proofpoint.com/v2/url?u=https-3A__nos.nl_artikel_"
            "2633301&d=DwMFaQ&c=abc&r=def",
            "https://nos.nl/artikel/2633301",
        ),
        (NOS, NOS),
        ("https://www.google.com/url?q=javascript:alert(1)", None),
        ("https://www.bing.com/ck/a?u=a1%%%notbase64", None),
        ("https://[::1/broken", None),
    ],
)
def test_unwrap_url(wrapped, target):
    assert unwrap_url(wrapped) == (target or wrapped)


def test_a_loop_of_wrappers_ends():
    url = NOS
    for _ in range(8):
        url = f"https://www.google.com/url?q={quote(url, safe='')}"

    assert unwrap_url(url).startswith("https://www.google.com/url?q=")


def test_only_http_links_are_kept():
    message = html_mail(
        '<a href="javascript:alert(1)">Klik</a>'
        '<a href="mailto:pers@zuiderhaven.example">Mail</a>'
        '<a href="ftp://ftp.example.nl/bestand">FTP</a>'
        '<a href="data:text/html,hallo">Data</a>'
        '<a href="//nos.nl/zonder-schema">Zonder schema</a>'
        '<a href="/relatief">Relatief</a>'
        '<a href="https://">Leeg</a>'
        '<a href="http://www.nu.nl/economie/123/bank.html">Nu.nl</a>'
        '<a href="HTTPS://WWW.RTVNOORD.NL/nieuws/1">RTV Noord</a>'
    )

    links = extract_alert_links(message)

    assert [link.url for link in links] == [
        "http://www.nu.nl/economie/123/bank.html",
        "HTTPS://WWW.RTVNOORD.NL/nieuws/1",
    ]


def test_housekeeping_links_of_any_alert_service_are_skipped():
    message = html_mail(
        '<a href="https://www.nu.nl/artikel/1">Echt resultaat</a>'
        '<a href="https://alerts.talkwalker.com/alerts/manage?id=1">Beheer</a>'
        '<a href="https://mention.com/en/settings">Settings</a>'
        '<a href="https://news.example.nl/unsubscribe?u=1">Uitschrijven</a>'
        '<a href="https://news.example.nl/a/b">Unsubscribe</a>'
        '<a href="https://news.example.nl/c/d">Meer resultaten bekijken</a>'
        '<a href="https://www.linkedin.com/shareArticle?url=x">Delen</a>'
        '<a href="https://x.com/intent/post?url=x">Post</a>'
        '<a href="https://support.google.com/alerts/">Help</a>'
    )

    links = extract_alert_links(message)

    assert [link.url for link in links] == ["https://www.nu.nl/artikel/1"]


def test_links_are_deduplicated_keeping_the_first_title():
    message = html_mail(
        f'<a href="{google(NOS)}"><img alt="" src="https://nos.nl/logo.png"></a>'
        f'<a href="{google(NOS)}">Zuiderhaven sluit kantoren</a> Het eerste.'
        f'<a href="{NOS}">Nog een keer</a> Het tweede.'
    )

    links = extract_alert_links(message)

    assert links == [AlertLink(NOS, "Zuiderhaven sluit kantoren", "Het eerste.")]


def test_an_image_link_takes_its_alt_text_as_title():
    message = html_mail(
        f'<a href="{NOS}"><img src="x.png" alt="NOS: kantoren dicht"></a>'
    )

    assert extract_alert_links(message)[0].title == "NOS: kantoren dicht"


def test_at_most_max_links_are_answered():
    anchors = "".join(
        f'<a href="https://www.nu.nl/artikel/{n}">Artikel {n}</a>' for n in range(250)
    )

    links = extract_alert_links(html_mail(anchors))

    assert len(links) == MAX_LINKS
    assert links[-1].url == f"https://www.nu.nl/artikel/{MAX_LINKS - 1}"


def test_titles_and_excerpts_are_plain_collapsed_and_capped():
    message = html_mail(
        f'<a href="{NOS}"><b>Zuiderhaven</b>\n\n   <i>sluit</i>&nbsp;kantoren'
        "\u200b&shy;" + " lang" * 500 + "</a>"
        "<script>var a = '<a href=\"https://evil.example/\">x</a>';</script>"
        "<p>Eerste\t\tregel</p><p>tweede &lt;regel&gt;</p>" + " woord" * 1000
    )

    link = extract_alert_links(message)[0]

    assert link.title.startswith("Zuiderhaven sluit kantoren lang lang")
    assert len(link.title) <= MAX_TITLE_CHARS
    assert link.title.endswith("\u2026")
    assert link.excerpt.startswith("Eerste regel tweede <regel> woord woord")
    assert len(link.excerpt) <= MAX_EXCERPT_CHARS
    assert "evil" not in link.excerpt


def test_a_message_without_bodies_gives_nothing():
    message = EmailMessage()
    message["Subject"] = "Leeg"
    message.add_attachment(
        b"\x89PNG...", maintype="image", subtype="png", filename="a.png"
    )

    assert extract_alert_links(message) == []
    assert extract_alert_links(EmailMessage()) == []


# Hostile input: every case must end quickly, without an exception.

HOSTILE_HTML = {
    "huge": ("<p>tekst " * 400_000) + f'<a href="{NOS}">laat</a>',
    "deeply-nested": "<div><span>" * 100_000 + f'<a href="{NOS}">x</a>',
    "nested-tables": "<table><tr><td>" * 50_000,
    "nested-anchors": f'<a href="{NOS}">' * 100_000,
    "unclosed-comment": f'<a href="{NOS}">t</a><!--' + "x" * 1_000_000,
    "end-tag-junk": "</" * 500_000,
    "processing-instructions": "<?" * 500_000,
    "half-tags": "<a" * 500_000,
    "unclosed-scripts": "<script>" * 200_000,
    "bare-less-than": "<" * 1_000_000,
    "ampersands": "&" * 1_000_000,
    "huge-attribute": '<a href="' + "h" * 1_000_000 + '">x</a>',
    "many-attributes": "<a " + "x=1 " * 250_000 + f'href="{NOS}">x</a>',
}


@pytest.mark.parametrize("html", HOSTILE_HTML.values(), ids=HOSTILE_HTML.keys())
def test_hostile_html_gives_a_bounded_result_quickly(html):
    message = raw_html_mail(html)

    started = time.process_time()
    links = extract_alert_links(message)

    assert time.process_time() - started < 3.0
    assert len(links) <= MAX_LINKS
    assert all(link.url.startswith(("http://", "https://")) for link in links)


def test_deeply_nested_tags_still_give_the_link():
    html = (
        "<div><b><i>" * 30_000
        + f'<a href="{NOS}">Diep</a> Tekst.'
        + "</i></b></div>" * 30_000
    )

    links = extract_alert_links(raw_html_mail(html))

    assert links == [AlertLink(NOS, "Diep", "Tekst.")]


def test_a_body_cut_inside_a_character_keeps_its_encoding():
    html = f'<a href="{NOS}">Caf\xe9 geopend</a>' + "\xe9" * MAX_BODY_CHARS * 3

    links = extract_alert_links(raw_html_mail(html))

    assert links[0].title == "Caf\xe9 geopend"


def test_hostile_plain_text_gives_a_bounded_result_quickly():
    for text in (
        "https://www.nu.nl/" + "a" * 1_000_000,
        "\n" * 1_000_000,
        ">" * 1_000_000,
        "https://www.nu.nl/artikel/1 " * 100_000,
    ):
        message = EmailMessage()
        message.set_content(text)
        started = time.process_time()
        links = extract_alert_links(message)
        assert time.process_time() - started < 3.0
        assert len(links) <= MAX_LINKS


@pytest.mark.parametrize(
    "charset", ["x-unknown-bogus", "idna", "utf-7", "rot13", "utf-16", ""]
)
def test_broken_or_odd_charsets_are_read_without_errors(charset):
    raw = (
        "From: a@example.nl\nMIME-Version: 1.0\n"
        f'Content-Type: text/html; charset="{charset}"\n'
        "Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(
            f'<a href="{NOS}">Zuiderhaven \xe9\xff</a>'.encode("latin-1")
        ).decode()
    ).encode()

    links = extract_alert_links(message_from_bytes(raw))

    assert [link.url for link in links] == [NOS]


def test_broken_transfer_encodings_are_read_without_errors():
    raw = (
        b"From: a@example.nl\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="x"\n\n'
        b"--x\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\n"
        b"%%%% not base64 %%%%\n"
        b"--x\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
        b"Titel=\n=ZZ broken escape\nhttps://www.nu.nl/artikel/1\n\xff\xfe\n"
        b"--x\nContent-Type: message/rfc822\n\nnot really a message\n"
        b"--x\nContent-Type: multipart/alternative\n\n"
    )

    links = extract_alert_links(message_from_bytes(raw))

    assert [link.url for link in links] == ["https://www.nu.nl/artikel/1"]


def test_deeply_forwarded_and_many_part_messages_are_bounded():
    inner: EmailMessage = html_mail(f'<a href="{NOS}">diep</a>')
    for _ in range(30):
        outer = EmailMessage()
        outer.set_content("doorgestuurd")
        outer.add_attachment(inner)
        inner = outer
    wide = EmailMessage()
    wide.make_mixed()
    for n in range(300):
        part = EmailMessage()
        part.set_content(f'<a href="https://www.nu.nl/artikel/{n}">{n}</a>', "html")
        wide.attach(part)

    started = time.process_time()
    deep_links = extract_alert_links(inner)
    wide_links = extract_alert_links(wide)

    assert time.process_time() - started < 3.0
    # Beyond five forwards the alert is not looked for.
    assert deep_links == []
    assert len(wide_links) == MAX_LINKS
