"""At most N clues per hour from one address, on the public form and the public API alike.

Counted in Django's cache (Redis in deployment, so all web processes share the count). Only
accepted submissions count: a citizen who mistypes a field is not locked out.
The address is REMOTE_ADDR: the reverse proxy in front of the application must set it to the
client's address (nginx `real_ip`); X-Forwarded-For from the client is never trusted here.
"""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


def limit() -> int:
    return getattr(settings, "CLUES_SUBMISSIONS_PER_HOUR", 5)


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(address: str) -> str:
    return f"clues:submissions:{address}"


def is_limited(address: str) -> bool:
    return (cache.get(_key(address)) or 0) >= limit()


def record_submission(address: str) -> None:
    key = _key(address)
    # add() starts the hour's window only if none is running; incr() is atomic on Redis.
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(key, 1, timeout=WINDOW_SECONDS)
