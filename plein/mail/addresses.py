"""Per-recipient reply addresses: ``r-<person>-<post>-<comment>-<mac>@domain``.

Every notification e-mail carries one as Reply-To, so an answer by e-mail
becomes a comment by the right person on the right post. The MAC (HMAC of
SECRET_KEY) makes the address unguessable; all parts are lower-case base-36
and hex because mail servers may lower-case local parts, and the whole local
part stays within RFC 5321's 64 characters.
"""

import hmac
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

_SALT = "plein.mail.reply-address"
_PREFIX = "r-"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class ReplyTarget:
    user_id: int
    post_id: int
    comment_id: int | None


def _b36(number: int) -> str:
    if number == 0:
        return "0"
    out = []
    while number:
        number, rest = divmod(number, 36)
        out.append(_DIGITS[rest])
    return "".join(reversed(out))


def _mac(body: str) -> str:
    return salted_hmac(_SALT, body, algorithm="sha256").hexdigest()[:20]


def build_reply_address(
    user_id: int, post_id: int, comment_id: int | None = None
) -> str:
    body = f"{_b36(user_id)}-{_b36(post_id)}-{_b36(comment_id or 0)}"
    return f"{_PREFIX}{body}-{_mac(body)}@{settings.MAIL_DOMAIN}"


def parse_reply_address(address: str) -> ReplyTarget | None:
    """The target of a reply address, or None if it is not one of ours or forged."""
    local, _at, domain = address.strip().strip("<>").rpartition("@")
    if domain.lower() != settings.MAIL_DOMAIN.lower():
        return None
    local = local.lower()
    if not local.startswith(_PREFIX) or len(local) > 64:
        return None
    parts = local[len(_PREFIX) :].split("-")
    if len(parts) != 4:
        return None
    *numbers, mac = parts
    body = "-".join(numbers)
    if not hmac.compare_digest(mac, _mac(body)):
        return None
    try:
        user_id, post_id, comment_id = (int(n, 36) for n in numbers)
    except ValueError:
        return None
    return ReplyTarget(user_id=user_id, post_id=post_id, comment_id=comment_id or None)
