"""Posting limits of the community (see asn_competency.common.ratelimit): counted
per account when signed in, else per client address."""

from django.conf import settings

from asn_competency.common.ratelimit import limited as _limited


def limited(request, *, setting: str, group: str) -> bool:
    """True when this request goes over the limit named by `setting` (and counts it otherwise)."""
    return _limited(request, group=f"community.{group}", rate=getattr(settings, setting, ""), key="account_or_address")
