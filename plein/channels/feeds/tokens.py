"""The shape of a feed token: a marker and 32 random bytes, stored hashed.

One token a person may have is a *link token*: the one behind the
"Subscribe (RSS/Atom)" links on Plein's own pages. A page has to show its
address again and again, and only a digest is stored, so that token is not
random but an HMAC of a random nonce under SECRET_KEY: the server rebuilds
it, while the database alone (a backup, a leaked dump) still reveals no
token.
"""

import base64
import hashlib
import hmac
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

TOKEN_PREFIX = "plfeed_"  # noqa: S105 - a marker, not a secret
MAX_TOKEN_LENGTH = 100
LINK_TOKEN_SALT = "plein.channels.feeds.link_token"  # noqa: S105 - a salt


def build_raw_token() -> str:
    """A new raw token (URL-safe: it travels in the feed's path)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest_feed_token(raw: str) -> str:
    """The stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(raw.encode()).hexdigest()


def build_link_nonce() -> str:
    """The stored, random half of a new link token."""
    return secrets.token_urlsafe(16)


def build_link_token(
    user_id: int, nonce: str, secret: str | bytes | None = None
) -> str:
    """The raw link token of person ``user_id`` with ``nonce``, under
    ``secret`` (default: SECRET_KEY). URL-safe, like a random token."""
    mac = salted_hmac(
        LINK_TOKEN_SALT, f"{user_id}:{nonce}", secret=secret, algorithm="sha256"
    ).digest()
    return TOKEN_PREFIX + base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def rebuild_link_token(user_id: int, nonce: str, digest: str) -> str | None:
    """The raw link token whose stored digest is ``digest``, or None.

    Tries SECRET_KEY and then SECRET_KEY_FALLBACKS, so a rotated key keeps
    the links working while the old key is a fallback; once it is dropped
    the token can no longer be shown (it still opens its feeds).
    """
    for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        raw = build_link_token(user_id, nonce, secret)
        if hmac.compare_digest(digest_feed_token(raw), digest):
            return raw
    return None
