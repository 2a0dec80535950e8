"""The shape of a feed token: a marker and 32 random bytes, stored hashed."""

import hashlib
import secrets

TOKEN_PREFIX = "plfeed_"  # noqa: S105 - a marker, not a secret
MAX_TOKEN_LENGTH = 100


def build_raw_token() -> str:
    """A new raw token (URL-safe: it travels in the feed's path)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest_feed_token(raw: str) -> str:
    """The stored form of a token: its SHA-256, hex."""
    return hashlib.sha256(raw.encode()).hexdigest()
