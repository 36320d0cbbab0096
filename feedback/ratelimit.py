"""Per-address limits of the public feedback endpoints (see asn_competency.common.ratelimit)."""

from django.conf import settings

from asn_competency.common.ratelimit import limited


def submission_limited(request) -> bool:
    return limited(request, group="feedback.submit", rate=settings.FEEDBACK_RATE_LIMIT)


def tracking_limited(request) -> bool:
    return limited(request, group="feedback.track", rate=settings.FEEDBACK_TRACK_RATE_LIMIT)


def follow_up_limited(request) -> bool:
    """Replies, ratings and reopenings from the tracking page (the code is the only credential)."""
    return limited(request, group="feedback.follow_up", rate=settings.FEEDBACK_FOLLOW_UP_RATE_LIMIT)
