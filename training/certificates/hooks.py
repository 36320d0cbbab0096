"""Registered in settings.TRAINING_COMPLETION_HOOKS: the training core calls
`certificate_on_completion(enrollment_id)` after a completion has committed."""

import logging

logger = logging.getLogger(__name__)


def certificate_on_completion(enrollment_id: int) -> None:
    from .tasks import certificate_issue_task

    try:
        certificate_issue_task.delay(enrollment_id)
    except Exception:
        # The completion is committed; a broker outage must not turn it into an
        # error page. The nightly `certificates.issue_missing` job catches up.
        logger.exception("Could not queue the certificate of enrollment %s", enrollment_id)
