"""At most N clues per hour from one address, on the public form and the public API alike.

Atomic: a submission first *reserves* a slot with one INCR (Redis in deployment, shared by every
web process; a locked counter in the embedded set-up) and is refused when the count it got back
passes the limit. There is no read-then-write window, so 30 concurrent posts get exactly N
through (the old check-then-count let 6 of 5 through). A submission that fails validation gives
its slot back: a citizen who mistypes a field is not locked out.
The address is the client's as the trusted reverse proxy reports it (authentication.client_ip).
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 3600


class RateLimited(Exception):
    pass


def limit() -> int:
    return getattr(settings, "CLUES_SUBMISSIONS_PER_HOUR", 5)


def client_address(request) -> str:
    from authentication.client_ip import client_ip

    return client_ip(request)


def _key(address: str) -> str:
    return f"clues:submissions:{address}"


def _incr(key: str, delta: int) -> int:
    # add() starts the hour's window only if none is running; incr() is atomic (Redis INCRBY).
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        return cache.incr(key, delta)
    except ValueError:  # the window expired between add() and incr()
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        return cache.incr(key, delta)


def is_limited(address: str) -> bool:
    """For showing the form: is this address already at its limit? (Submitting uses `reserve`.)"""
    return (cache.get(_key(address)) or 0) >= limit()


@contextmanager
def reserve(address: str):
    """Take one of the hour's slots for the duration of a submission; raise RateLimited when none
    is left. The slot is given back when the block raises (invalid input) or sets `.release`."""
    key = _key(address)
    count = _incr(key, 1)
    if count > limit():
        _incr(key, -1)
        raise RateLimited
    slot = Slot()
    try:
        yield slot
    except BaseException:
        _incr(key, -1)
        raise
    if slot.release:
        _incr(key, -1)


class Slot:
    release = False


def record_submission(address: str) -> None:
    """Count one accepted submission outside `reserve` (kept for callers that do not reserve)."""
    _incr(_key(address), 1)
