"""Limits of public and posting endpoints, in one place (django-ratelimit).

Counters live in the shared cache (Redis in production) so that every web
process sees the same count. The client address is taken through
TRUSTED_PROXY_COUNT trusted proxies (see `client_ip`), so a forged
X-Forwarded-For entry changes nothing. Every rate is a setting read from the
environment ("5/m", "10/h"); an empty rate turns that limit off.

When Redis does not answer, the counters fall back to this process's memory
(a fixed window per process, so with N web processes a client gets at most N
times the rate) and a warning is logged: citizens keep submitting during an
outage, and a flood is still held back. The counters live in the strict cache
alias RATELIMIT_USE_CACHE ("ratelimit"), which raises instead of pretending.

A request that goes over a limit carries the seconds until its window ends
(``retry_after``); RetryAfterMiddleware puts them on the 429 answer.
"""

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django_ratelimit import ALL
from django_ratelimit.core import _split_rate, get_usage

from .cache import CacheUnavailableError
from .http import client_ip

logger = logging.getLogger(__name__)


def _by_address(group, request) -> str:  # noqa: ARG001  (django-ratelimit calls key(group, request))
    return client_ip(request)


def _by_account_or_address(group, request) -> str:  # noqa: ARG001  (django-ratelimit calls key(group, request))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def _by_kiosk(group, request) -> str:  # noqa: ARG001  (django-ratelimit calls key(group, request))
    return f"kiosk:{request.kiosk_id}"  # set by the caller: each kiosk device has its own count


KEYS = {"address": _by_address, "account_or_address": _by_account_or_address, "account": "user", "kiosk": _by_kiosk}


def limited(request, *, group: str, rate: str, key: str = "address", method=ALL) -> bool:
    """Count this request against `rate` and say whether it goes over.

    key: "address" (client address), "account_or_address" (the account when
    signed in, else the address), "account" (signed-in users only) or
    "kiosk" (the kiosk device in ``request.kiosk_id``).
    """
    if not rate:
        return False
    period = _split_rate(rate)[1]
    try:
        usage = get_usage(request, group=group, key=KEYS[key], rate=rate, method=method, increment=True)
    except CacheUnavailableError as exc:
        logger.warning("rate limit %s counted in process memory: %s", group, exc)
        if _limited_locally(request, group=group, rate=rate, key=key, method=method):
            set_retry_after(request, period - int(time.time()) % period)
            return True
        return False
    if usage is None or not usage["should_limit"]:
        return False
    wait = usage["time_left"] if usage["time_left"] > 0 else period  # -1: the counter could not be read
    set_retry_after(request, wait)
    return True


# Process-local counters used while Redis is unavailable (thread-safe, bounded).
local_counters = LocMemCache("ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10000}})


def _limited_locally(request, *, group: str, rate: str, key: str, method) -> bool:
    if method != ALL and request.method not in ([method] if isinstance(method, str) else method):
        return False
    count, period = _split_rate(rate)
    who = KEYS[key]
    value = who(group, request) if callable(who) else str(getattr(request.user, "pk", None))
    window = int(time.time() // period)
    counter = f"{group}:{value}:{window}"
    local_counters.add(counter, 0, timeout=period + 1)
    try:
        return local_counters.incr(counter) > count
    except ValueError:  # expired between add and incr: a new window
        local_counters.set(counter, 1, timeout=period + 1)
        return False


def set_retry_after(request, seconds: int) -> None:
    """Remember when the client may try again (the longest wait wins)."""
    target = getattr(request, "_request", request)  # DRF wraps the HttpRequest the middleware sees
    target.retry_after = max(int(seconds), getattr(target, "retry_after", 0), 1)


class RetryAfterMiddleware:
    """Every 429 answer says when to come back (``Retry-After`` in seconds): the
    rest of the limit window that refused it, else the default of one minute."""

    DEFAULT = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 429 and not response.has_header("Retry-After"):
            response["Retry-After"] = str(getattr(request, "retry_after", None) or self.DEFAULT)
        return response
