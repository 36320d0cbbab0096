from celery import shared_task


@shared_task(name="feedback.ikm_refresh")
def ikm_refresh():
    """Nightly (and on demand): recompute the published IKM figures."""
    from .services import ikm_refresh as refresh

    return refresh()


@shared_task(name="feedback.ikm_summary_refresh")
def ikm_summary_refresh(full: bool = False):
    """Every few minutes (and after a late submission): summarise the closed days and
    months that are missing or dirty in the IKM summary table."""
    from .services import ikm_summary_refresh as refresh

    return refresh(full=full)


@shared_task(name="feedback.status_counts_refresh")
def status_counts_refresh():
    """Every minute: the whole city's status counts of the staff list."""
    from .services import feedback_status_counts_refresh

    return feedback_status_counts_refresh()


@shared_task(name="feedback.send_reply_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reply_email(event_id: int):
    """Email a public reply to a confidential submitter who left an email address.

    Idempotent enough for retries: a rerun sends the same message again only
    if the first attempt failed before the mail server accepted it.
    """
    from .services import citizen_email_send

    return citizen_email_send(event_id=event_id, template="reply")


@shared_task(name="feedback.send_receipt_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_receipt_email(event_id: int):
    """Email the tracking code to a submitter who left an email address, once the
    server has accepted the feedback (also feedback sent later from an offline
    device). A second delivery of the outbox message is skipped by the task class."""
    from .services import citizen_email_send

    return citizen_email_send(event_id=event_id, template="receipt")


@shared_task(name="feedback.notify_officers", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_officers(event_id: int):
    """At once: tell the handling unit's officers about new feedback, a citizen's reply or reopening."""
    from .services import feedback_officers_notify

    return feedback_officers_notify(event_id=event_id)


@shared_task(name="feedback.overdue_digest")
def overdue_digest():
    """Working-day mornings: remind unit officers of overdue feedback."""
    from django.utils import timezone

    from .services import overdue_digest_send
    from .workdays import is_working_day

    if not is_working_day(timezone.localdate()):
        return 0
    return overdue_digest_send()


@shared_task(name="feedback.auto_close")
def auto_close():
    """Nightly: close answered feedback the citizen did not follow up."""
    from .services import feedback_auto_close

    return feedback_auto_close()
