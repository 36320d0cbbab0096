"""Registered in settings.TRAINING_SESSION_CLOSED_HOOKS: the training core calls
`surveys_on_session_closed(session_id)` inside the transaction that closes a session."""

from django.db import transaction


def surveys_on_session_closed(session_id: int) -> None:
    """Open the session's surveys as soon as the closing commits, with the same
    task the hourly beat job runs (`evaluation.open_surveys`), instead of waiting
    up to an hour for it. `robust`: a broker outage must not turn the committed
    close into an error page; the hourly job catches up."""
    from .tasks import open_surveys

    transaction.on_commit(lambda: open_surveys.delay(session_id=session_id), robust=True)
