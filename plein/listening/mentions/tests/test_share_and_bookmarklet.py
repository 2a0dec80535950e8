"""Two more ways in for a colleague's link: the installed app's share page
("Send to listening" beside the composer) and the bookmarklet, which opens
the submit page filled in (``?url=&title=&note=``)."""

import re
from urllib.parse import unquote, urlencode

import pytest
from django.test import Client

from plein.access.roles import Role
from plein.listening.mentions.bookmarklet import build_bookmarklet
from plein.listening.mentions.hooks import shared_link
from plein.listening.mentions.models import Mention, MentionSubmission

pytestmark = pytest.mark.django_db

PAGE = "/listening/submit/"
SHARE = "/share/"
REVIEW = "https://werkgevers.example/reviews/zuiderhaven/4121"


def _client(person=None):
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


@pytest.fixture
def guest(make_person):
    return make_person("Gijs Gast", role=Role.GUEST)


# The share page ----------------------------------------------------------------


def test_the_share_page_offers_send_to_listening(alice):
    html = (
        _client(alice)
        .get(SHARE, {"title": "Review", "text": "Kijk", "url": REVIEW})
        .content.decode()
    )
    # The composer is still there, and beside it a form to the submit page.
    assert 'id="listening-share-heading"' in html
    assert f'action="{PAGE}"' in html
    assert f'name="url" value="{REVIEW}"' in html
    assert 'name="title" value="Review"' in html
    assert "csrfmiddlewaretoken" in html


def test_a_link_in_the_shared_text_is_found(alice):
    html = (
        _client(alice)
        .get(SHARE, {"text": f"Lees dit eens: {REVIEW}."})
        .content.decode()
    )
    assert f'name="url" value="{REVIEW}"' in html


def test_no_listening_box_without_a_link_or_for_a_guest(alice, guest):
    alone = _client(alice).get(SHARE, {"text": "Alleen tekst"}).content.decode()
    assert "listening-share" not in alone
    as_guest = _client(guest).get(SHARE, {"url": REVIEW}).content.decode()
    assert "listening-share" not in as_guest


def test_sending_from_the_share_page_makes_a_mention(alice):
    response = _client(alice).post(
        PAGE,
        {"url": REVIEW, "title": "Geweldige collega's", "note": "Van mijn telefoon"},
    )
    assert response.status_code == 302
    assert response["Location"] == PAGE
    mention = Mention.objects.get()
    assert mention.title == "Geweldige collega's"
    assert mention.sentiment_computed == "positive"
    assert MentionSubmission.objects.get().note == "Van mijn telefoon"


@pytest.mark.parametrize(
    ("shared", "link"),
    [
        ({"url": REVIEW}, REVIEW),
        ({"url": " ", "text": f"({REVIEW})"}, REVIEW),
        ({"text": "javascript:alert(1) ftp://x.example/"}, ""),
        ({"url": "mailto:a@example.org", "text": "http://"}, ""),
        (None, ""),
    ],
)
def test_shared_link(shared, link):
    assert shared_link(shared) == link


# The bookmarklet -----------------------------------------------------------------


def test_the_submit_page_is_filled_in_from_its_address(alice):
    query = urlencode(
        {"url": REVIEW, "title": "Een <b>review</b>", "note": "Gelezen  in de trein"}
    )
    response = _client(alice).get(f"{PAGE}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{REVIEW}"' in html
    assert 'value="Een &lt;b&gt;review&lt;/b&gt;"' in html  # escaped, not markup
    assert "Gelezen in de trein</textarea>" in html
    # Filling in sends nothing in: only the POST with its token does.
    assert not Mention.objects.exists()


def test_prefilled_values_are_shortened_and_the_post_is_checked_again(alice):
    response = _client(alice).get(PAGE, {"url": "x" * 5000, "note": "n" * 900})
    assert response.status_code == 200
    html = response.content.decode()
    [url] = re.findall(r'name="url" value="(x*)"', html)
    assert len(url) == 2000
    [note] = re.findall(r'name="note"[^>]*>\s*(n*)</textarea>', html)
    assert len(note) == 500
    bad = _client(alice).post(PAGE, {"url": "javascript:alert(1)"})
    assert bad.status_code == 400
    assert not Mention.objects.exists()


def test_the_submit_form_needs_its_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(PAGE, {"url": REVIEW}).status_code == 403
    assert not Mention.objects.exists()


def test_no_redirect_to_elsewhere_after_sending(alice):
    response = _client(alice).post(
        f"{PAGE}?next=https://evil.example/", {"url": REVIEW, "back": "list"}
    )
    # "back=list" is for communications only; nothing else is followed.
    assert response["Location"] == PAGE


def test_the_page_offers_the_bookmarklet_with_instructions(alice, settings):
    settings.SITE_URL = "https://plein.example.org"
    html = _client(alice).get(PAGE).content.decode()
    assert 'class="btn btn-secondary bookmarklet" href="javascript:' in html
    assert "bladwijzerbalk" in html  # explained in Dutch (the test language)


def test_the_bookmarklet_opens_this_plein_with_the_page_filled_in(settings):
    settings.SITE_URL = "https://plein.example.org"
    href = build_bookmarklet()
    assert href.startswith("javascript:(function(){")
    code = unquote(href.removeprefix("javascript:"))
    assert '"https://plein.example.org/listening/submit/"' in code
    for part in ("'?url='", "location.href", "'&title='", "document.title", "'&note='"):
        assert part in code
    # No white space, which a bookmarks bar would not keep.
    assert not any(char.isspace() for char in href)


def test_the_submit_page_keeps_the_content_security_policy(alice):
    response = _client(alice).get(PAGE, {"url": REVIEW})
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
