"""A loopback push service and browsers that subscribe to it.

A ``Device`` is what a browser holds: a P-256 key pair and an auth secret;
it subscribes with its public half, and decrypts what the push service
received with its private half, as the browser would (http_ece, aes128gcm).
"""

import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import http_ece
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from plein.channels.push.actions import check_add_push_subscription
from plein.channels.push.receiver import PushReceiver, Received
from plein.channels.push.vapid import b64url, b64url_decode, get_public_key


class Device:
    def __init__(self, service: PushReceiver, name: str) -> None:
        self.name = name
        self.endpoint = service.endpoint(name)
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = b64url(bytes(range(16, 32)))
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.p256dh = b64url(public)

    def as_json(self) -> dict[str, Any]:
        """What PushSubscription.toJSON() gives."""
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": self.auth_secret},
        }

    def subscribe(self, user: Any) -> Any:
        subscription, _created = check_add_push_subscription(
            user,
            endpoint=self.endpoint,
            p256dh=self.p256dh,
            auth=self.auth_secret,
            device=f"Test browser {self.name}",
        )
        return subscription

    def decrypt(self, received: Received) -> dict[str, Any]:
        assert received.headers["content-encoding"] == "aes128gcm"
        plain = http_ece.decrypt(
            received.body,
            private_key=self.private_key,
            auth_secret=b64url_decode(self.auth_secret),
            version="aes128gcm",
        )
        return json.loads(plain)


def check_vapid(received: Received, audience: str) -> dict[str, Any]:
    """The RFC 8292 header: signed by our key, for this push service."""
    scheme, _sep, params = received.headers["authorization"].partition(" ")
    assert scheme == "vapid"
    parts = dict(item.split("=", 1) for item in params.split(","))
    assert parts["k"] == get_public_key()
    header_b64, claims_b64, signature_b64 = parts["t"].split(".")
    assert json.loads(b64url_decode(header_b64)) == {"typ": "JWT", "alg": "ES256"}
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), b64url_decode(parts["k"])
    )
    raw = b64url_decode(signature_b64)
    signature = encode_dss_signature(
        int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    )
    try:
        public_key.verify(
            signature,
            f"{header_b64}.{claims_b64}".encode(),
            ec.ECDSA(hashes.SHA256()),
        )
    except InvalidSignature:  # pragma: no cover - the failure being tested for
        pytest.fail("the VAPID token's signature does not verify")
    claims = json.loads(b64url_decode(claims_b64))
    assert claims["aud"] == audience
    assert claims["sub"].startswith(("mailto:", "https://"))
    assert time.time() < claims["exp"] <= time.time() + 24 * 3600
    return claims


@pytest.fixture
def push_service(settings: Any) -> Iterator[PushReceiver]:
    settings.PUSH_ALLOW_LOOPBACK_HTTP = True
    with PushReceiver() as service:
        yield service


@pytest.fixture
def make_device(push_service: PushReceiver) -> Callable[[str], Device]:
    return lambda name: Device(push_service, name)
