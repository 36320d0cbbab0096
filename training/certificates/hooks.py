"""Registered in settings.TRAINING_COMPLETION_HOOKS: the training core calls
`certificate_on_completion(enrollment_id)` after a completion has committed."""


def certificate_on_completion(enrollment_id: int) -> None:
    from .tasks import certificate_issue_task

    certificate_issue_task.delay(enrollment_id)
