"""Counting requests and failures in a cache, for the API, log-ins and mail.

Two kinds of counters:

* fixed windows (``hit_rate_limit``): "at most N per minute/hour"; the
  window's start is part of the key, so a new window starts at zero;
* failure counters (``count_failure``): "N failures, forgotten ``window``
  seconds after the last one"; used for log-in lock-outs, cleared on success.

The identifier (an e-mail address someone typed, a person's id, an IP
address) is hashed into the key, so keys have a fixed length and only safe
characters whatever comes in. The cache is ``caches["default"]``: the
database cache table, or Redis with REDIS_URL, so every process shares one
count.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import BaseCache, caches

WINDOW_SECONDS = 60


def _digest(ident: str) -> str:
    return hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _key(scope: str, ident: str, window: int) -> str:
    return f"plein:rl:{scope}:{_digest(ident)}:{window}"


def _window(seconds: int = WINDOW_SECONDS) -> tuple[int, int]:
    now = int(time.time())
    return now, now - now % seconds


def _incr(cache: BaseCache, key: str, timeout: int) -> int:
    """Add one to ``key`` (created with ``timeout``) and return the new count."""
    for _attempt in range(3):
        try:
            return cache.incr(key)
        except ValueError:
            # Not there yet (or just expired). ``add`` loses a race only to
            # another first hit, after which ``incr`` is safe.
            if cache.add(key, 1, timeout=timeout):
                return 1
    return cache.incr(key)


def hit_rate_limit(
    scope: str,
    ident: str,
    limit: int,
    *,
    cache: BaseCache | None = None,
    window_seconds: int = WINDOW_SECONDS,
) -> int | None:
    """Count one hit; None while under ``limit``, else seconds until the window ends.

    The common case is a single ``incr`` (one cache round-trip); only the
    first hit of a window pays for the extra ``add``.
    """
    cache = caches["default"] if cache is None else cache
    now, window = _window(window_seconds)
    key = _key(scope, ident, window)
    count = _incr(cache, key, window_seconds + 1)
    if window_seconds != WINDOW_SECONDS and count > 1:
        # Caches without a native increment (the database cache) store the
        # new value with their default timeout; keep the whole window.
        cache.touch(key, timeout=window + window_seconds - now + 1)
    if count > limit:
        return max(1, window + window_seconds - now)
    return None


def is_rate_limited(
    scope: str,
    ident: str,
    limit: int,
    *,
    cache: BaseCache | None = None,
    window_seconds: int = WINDOW_SECONDS,
) -> bool:
    """Whether ``limit`` hits are already counted in this window (counts nothing)."""
    cache = caches["default"] if cache is None else cache
    _now, window = _window(window_seconds)
    return (cache.get(_key(scope, ident, window)) or 0) >= limit


def _failure_key(scope: str, ident: str) -> str:
    return f"plein:fail:{scope}:{_digest(ident)}"


def count_failure(
    scope: str, ident: str, window_seconds: int, *, cache: BaseCache | None = None
) -> int:
    """Count one failure and return how many there are.

    The count is forgotten ``window_seconds`` after the last failure.
    """
    cache = caches["default"] if cache is None else cache
    key = _failure_key(scope, ident)
    count = _incr(cache, key, window_seconds)
    if count > 1:
        cache.touch(key, timeout=window_seconds)
    return count


def failure_count(scope: str, ident: str, *, cache: BaseCache | None = None) -> int:
    cache = caches["default"] if cache is None else cache
    return cache.get(_failure_key(scope, ident)) or 0


def clear_failures(scope: str, ident: str, *, cache: BaseCache | None = None) -> None:
    cache = caches["default"] if cache is None else cache
    cache.delete(_failure_key(scope, ident))


def _lock_key(scope: str, ident: str) -> str:
    return f"plein:lock:{scope}:{_digest(ident)}"


def lock(
    scope: str, ident: str, seconds: int, *, cache: BaseCache | None = None
) -> None:
    """Lock ``ident`` for ``seconds`` (see ``locked_for``)."""
    cache = caches["default"] if cache is None else cache
    cache.set(_lock_key(scope, ident), int(time.time()) + seconds, timeout=seconds)


def locked_for(scope: str, ident: str, *, cache: BaseCache | None = None) -> int:
    """Seconds ``ident`` stays locked; 0 when it is not locked."""
    cache = caches["default"] if cache is None else cache
    until = cache.get(_lock_key(scope, ident))
    if until is None:
        return 0
    return max(0, int(until) - int(time.time()))


def unlock(scope: str, ident: str, *, cache: BaseCache | None = None) -> None:
    cache = caches["default"] if cache is None else cache
    cache.delete(_lock_key(scope, ident))


def hit_mail_sender_limit(sender: str, *, cache: BaseCache | None = None) -> int | None:
    """Count one incoming mail from ``sender`` (an e-mail address).

    None while the sender is under MAIL_MAX_PER_SENDER_PER_HOUR, else the
    seconds until the hour's window ends: the mail gateway then answers with
    a temporary failure (451) so a well-behaved server retries later. The
    gateway passes a cache in its own memory (no database round trip per
    message; with several gateway processes each counts its own share).
    """
    limit = settings.MAIL_MAX_PER_SENDER_PER_HOUR
    if limit <= 0:
        return None
    return hit_rate_limit(
        "mail-sender", sender.strip().lower(), limit, window_seconds=3600, cache=cache
    )
