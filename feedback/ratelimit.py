"""Limits of the public feedback endpoints (see asn_competency.common.ratelimit):
per client address, and per device for kiosks."""

from django.conf import settings

from asn_competency.common.ratelimit import limited


def submission_limited(request) -> bool:
    return limited(request, group="feedback.submit", rate=settings.FEEDBACK_RATE_LIMIT)


def tracking_limited(request) -> bool:
    return limited(request, group="feedback.track", rate=settings.FEEDBACK_TRACK_RATE_LIMIT)


def follow_up_limited(request) -> bool:
    """Replies, ratings and reopenings from the tracking page (the code is the only credential)."""
    return limited(request, group="feedback.follow_up", rate=settings.FEEDBACK_FOLLOW_UP_RATE_LIMIT)


def kiosk_limited(request, kiosk) -> bool:
    """Submissions of one kiosk device (FEEDBACK_KIOSK_RATE_LIMIT), wherever it sends from."""
    target = getattr(request, "_request", request)
    request.kiosk_id = target.kiosk_id = kiosk.pk
    return limited(request, group="feedback.kiosk", rate=settings.FEEDBACK_KIOSK_RATE_LIMIT, key="kiosk")


def kiosk_pair_limited(request) -> bool:
    """Pairing attempts per client address: slows down guessing codes."""
    return limited(request, group="feedback.kiosk_pair", rate=settings.FEEDBACK_KIOSK_PAIR_RATE_LIMIT)
