"""Facts about the request every app reads the same way."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or the address a trusted proxy put in AUDIT_CLIENT_IP_HEADER.

    The audit log, the log-in limits and the rate limits all count by this
    address. Behind a proxy without the header, every request seems to come
    from the proxy (docs/security.md).
    """
    header = settings.AUDIT_CLIENT_IP_HEADER
    candidates = []
    if header:
        key = "HTTP_" + header.upper().replace("-", "_")
        forwarded = request.META.get(key, "")
        # A list (X-Forwarded-For): the right-most address is the one our own
        # proxy added; everything left of it came from the client.
        if forwarded:
            candidates.append(forwarded.split(",")[-1].strip())
    candidates.append(request.META.get("REMOTE_ADDR", ""))
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
