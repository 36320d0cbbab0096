"""Registered in settings.TRAINING_COMPLETION_HOOKS: the training core calls
`certificate_on_completion(enrollment_id)` inside the transaction that records a
completion; the certificate is queued through the outbox, so it is issued once
that transaction commits, even when the broker is down at that moment."""

from asn_competency.common.outbox import enqueue


def certificate_on_completion(enrollment_id: int) -> None:
    from .tasks import certificate_issue_task

    enqueue(certificate_issue_task, enrollment_id)
