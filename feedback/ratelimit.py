"""Per-address limits of the public feedback endpoints (see asn_competency.common.ratelimit)."""

from django.conf import settings

from asn_competency.common.ratelimit import limited


def submission_limited(request) -> bool:
    return limited(request, group="feedback.submit", rate=settings.FEEDBACK_RATE_LIMIT)


def tracking_limited(request) -> bool:
    return limited(request, group="feedback.track", rate=settings.FEEDBACK_TRACK_RATE_LIMIT)
