"""Posting limits (django-ratelimit, counters in the shared cache). Each limit
is a setting read from the environment; an empty value turns it off."""

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from asn_competency.common.http import client_ip


def _key(group, request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def limited(request, *, setting: str, group: str) -> bool:
    """True when this request goes over the limit (and counts it otherwise)."""
    rate = getattr(settings, setting, "")
    if not rate:
        return False
    return is_ratelimited(request, group=f"community.{group}", key=_key, rate=rate, method=ALL, increment=True)
