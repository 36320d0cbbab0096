"""Per-address limits of the public endpoints. Counters live in the shared cache
(Redis in production) so every web process sees the same count; the address is
taken through TRUSTED_PROXY_COUNT trusted proxies (a forged X-Forwarded-For
entry further left changes nothing)."""

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from asn_competency.common.http import client_ip


def _client_key(group, request):
    return client_ip(request)


def limited(request, *, group: str, rate: str) -> bool:
    """Count this request and say whether the address is over `rate` (empty: no limit)."""
    if not rate:
        return False
    return is_ratelimited(request, group=group, key=_client_key, rate=rate, method=ALL, increment=True)


def submission_limited(request) -> bool:
    return limited(request, group="feedback.submit", rate=settings.FEEDBACK_RATE_LIMIT)


def tracking_limited(request) -> bool:
    return limited(request, group="feedback.track", rate=settings.FEEDBACK_TRACK_RATE_LIMIT)
