"""Registered in settings.TRAINING_SESSION_CLOSED_HOOKS: the training core calls
`surveys_on_session_closed(session_id)` inside the transaction that closes a session."""

from asn_competency.common.outbox import enqueue


def surveys_on_session_closed(session_id: int) -> None:
    """Open the session's surveys as soon as the closing commits, with the same
    task the hourly beat job runs (`evaluation.open_surveys`), instead of waiting
    up to an hour for it. Through the outbox: a broker outage delays it, never
    turns the committed close into an error page."""
    from .tasks import open_surveys

    enqueue(open_surveys, session_id=session_id)
