"""One spelling per page: what does not change the page is folded away."""

import pytest

from plein.listening.mentions.urls_canonical import NotCanonical, canonical_url


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://nos.nl/l/2633258", "https://nos.nl/l/2633258"),
        # Scheme and host in lower case; default ports and fragments go.
        ("HTTPS://NOS.NL:443/l/2633258#reacties", "https://nos.nl/l/2633258"),
        ("http://Example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com:80/a", "https://example.com:80/a"),
        # Tracking parameters go, the others are sorted.
        (
            "https://example.com/a?utm_source=x&b=2&UTM_Medium=y&a=1&fbclid=z",
            "https://example.com/a?a=1&b=2",
        ),
        ("https://example.com/a?gclid=1&mc_cid=2&mc_eid=3", "https://example.com/a"),
        ("https://example.com/a?q=a+b&q=%2B", "https://example.com/a?q=%2B&q=a%20b"),
        ("https://example.com/a?empty=", "https://example.com/a?empty="),
        # A trailing slash goes, except on the root; dot segments resolve.
        ("https://example.com/blog/", "https://example.com/blog"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com/a/./b/../c", "https://example.com/a/c"),
        # User names and passwords are not part of the page.
        ("https://user:secret@example.com/a", "https://example.com/a"),
        # Non-ASCII is percent-encoded, escapes in upper case; IDNA hosts.
        ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
        ("https://example.com/caf%c3%a9", "https://example.com/caf%C3%A9"),
        ("https://example.com./a", "https://example.com/a"),
        ("https://[2001:db8::1]:443/a", "https://[2001:db8::1]/a"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_canonical_url(url, canonical):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    "url",
    [
        "",
        "nos.nl/l/1",
        "ftp://example.com/a",
        "javascript:alert(1)",
        "mailto:pers@example.com",
        "https:///no-host",
        "https://example.com:99999/a",
        "https://example.com/" + "a" * 2100,
    ],
)
def test_only_http_and_https_urls_naming_a_page_are_accepted(url):
    with pytest.raises(NotCanonical):
        canonical_url(url)


def test_the_result_is_ascii():
    assert canonical_url("https://example.com/ü?q=ë").isascii()
