"""Fixed one-minute windows counted in a cache, for the API and log-ins.

The identifier (an e-mail address someone typed, a person's id) is hashed
into the key, so keys have a fixed length and only safe characters whatever
comes in.
"""

import hashlib
import time

from django.core.cache import BaseCache, caches

WINDOW_SECONDS = 60


def _key(scope: str, ident: str, window: int) -> str:
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"plein:rl:{scope}:{digest}:{window}"


def _window() -> tuple[int, int]:
    now = int(time.time())
    return now, now - now % WINDOW_SECONDS


def hit_rate_limit(
    scope: str, ident: str, limit: int, *, cache: BaseCache | None = None
) -> int | None:
    """Count one hit; None while under ``limit``, else seconds until the window ends.

    The common case is a single ``incr`` (one cache round-trip); only the
    first hit of a window pays for the extra ``add``.
    """
    cache = caches["default"] if cache is None else cache
    now, window = _window()
    key = _key(scope, ident, window)
    try:
        count = cache.incr(key)
    except ValueError:
        # First hit of the window. ``add`` loses a race only to another
        # first hit, after which ``incr`` is safe.
        count = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS + 1) else cache.incr(key)
    if count > limit:
        return max(1, window + WINDOW_SECONDS - now)
    return None


def is_rate_limited(
    scope: str, ident: str, limit: int, *, cache: BaseCache | None = None
) -> bool:
    """Whether ``limit`` hits are already counted in this window (counts nothing)."""
    cache = caches["default"] if cache is None else cache
    _now, window = _window()
    return (cache.get(_key(scope, ident, window)) or 0) >= limit
