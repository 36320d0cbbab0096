"""Limits of public and posting endpoints, in one place (django-ratelimit).

Counters live in the shared cache (Redis in production) so that every web
process sees the same count. The client address is taken through
TRUSTED_PROXY_COUNT trusted proxies (see `client_ip`), so a forged
X-Forwarded-For entry changes nothing. Every rate is a setting read from the
environment ("5/m", "10/h"); an empty rate turns that limit off.
"""

from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from .http import client_ip


def _by_address(group, request) -> str:  # noqa: ARG001  (django-ratelimit calls key(group, request))
    return client_ip(request)


def _by_account_or_address(group, request) -> str:  # noqa: ARG001  (django-ratelimit calls key(group, request))
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


KEYS = {"address": _by_address, "account_or_address": _by_account_or_address, "account": "user"}


def limited(request, *, group: str, rate: str, key: str = "address", method=ALL) -> bool:
    """Count this request against `rate` and say whether it goes over.

    key: "address" (client address), "account_or_address" (the account when
    signed in, else the address) or "account" (signed-in users only).
    """
    if not rate:
        return False
    return is_ratelimited(request, group=group, key=KEYS[key], rate=rate, method=method, increment=True)
