"""The server's VAPID identity (RFC 8292): one key pair, kept, and its claims.

Browsers bind a subscription to the public key given to
``PushManager.subscribe()`` as ``applicationServerKey``; every push is signed
with the private key so the push service knows it comes from the same
server. Changing the key therefore orphans every subscription: it is made
once and kept, in VAPID_PRIVATE_KEY when set, otherwise in the database
(``VapidKey``, shared by every web and worker process).
"""

import base64
import time
from email.utils import parseaddr
from functools import lru_cache
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from py_vapid import Vapid02

from plein.channels.push.models import VapidKey

# A signed claim is valid for 12 hours (the most RFC 8292 allows is 24);
# it is signed again an hour before it runs out.
CLAIM_SECONDS = 12 * 3600
RESIGN_BEFORE_SECONDS = 3600


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding; ValueError when it is not."""
    if not text or any(c not in _B64URL for c in text):
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")


def _generate_private_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    raw = key.private_numbers().private_value.to_bytes(32, "big")
    return b64url(raw)


@lru_cache(maxsize=4)
def _parse(private_key: str) -> Vapid02:
    text = private_key.strip()
    try:
        if text.startswith("-----BEGIN"):
            return Vapid02.from_pem(text.encode())
        return Vapid02.from_string(text)
    except Exception as exc:
        raise ImproperlyConfigured(
            "VAPID_PRIVATE_KEY is not a P-256 private key (raw base64url or PEM)."
        ) from exc


def _stored_private_key() -> str:
    row = VapidKey.objects.filter(pk=1).first()
    if row is not None:
        return row.private_key
    try:
        with transaction.atomic():
            row = VapidKey.objects.create(pk=1, private_key=_generate_private_key())
    except IntegrityError:
        # Another process made it first: everyone uses that one.
        row = VapidKey.objects.get(pk=1)
    return row.private_key


def get_vapid() -> Vapid02:
    """The server's key pair: VAPID_PRIVATE_KEY, else the one kept in the database."""
    configured = getattr(settings, "VAPID_PRIVATE_KEY", "")
    return _parse(configured or _stored_private_key())


def get_public_key() -> str:
    """The ``applicationServerKey`` browsers subscribe with (65 bytes, base64url)."""
    public = get_vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(public)


def get_subject() -> str:
    """Who push services may contact about our pushes: mailto: or https:.

    VAPID_SUBJECT when set; otherwise the address of DEFAULT_FROM_EMAIL, or
    SITE_URL when that is https. Apple's service refuses a push without one.
    """
    configured = getattr(settings, "VAPID_SUBJECT", "")
    if configured:
        return str(configured)
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if "@" in address:
        return f"mailto:{address}"
    if settings.SITE_URL.startswith("https://"):
        return settings.SITE_URL
    return "mailto:plein@localhost"


def audience_of(endpoint: str) -> str:
    """The ``aud`` claim for an endpoint: its scheme, host and port."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}"


class VapidSigner:
    """Signs the claim once per push service and reuses it until near expiry.

    One instance per sending run: a fan-out to ten thousand devices on three
    push services signs three tokens, not ten thousand.
    """

    def __init__(self) -> None:
        self.vapid = get_vapid()
        self.subject = get_subject()
        self._signed: dict[str, tuple[float, dict[str, str]]] = {}

    def headers_for(self, endpoint: str) -> dict[str, str]:
        aud = audience_of(endpoint)
        now = time.time()
        cached = self._signed.get(aud)
        if cached is not None and cached[0] - RESIGN_BEFORE_SECONDS > now:
            return cached[1]
        expires = int(now) + CLAIM_SECONDS
        claims = {"sub": self.subject, "aud": aud, "exp": expires}
        headers = {str(k): str(v) for k, v in self.vapid.sign(claims).items()}
        self._signed[aud] = (expires, headers)
        return headers
