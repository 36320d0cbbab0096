"""Celery tasks of the notification centre: take ids, hold no rules, idempotent."""

from celery import shared_task

from . import services
from .selectors import notification_digest_recipients


@shared_task(name="notifications.send_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_email(notification_id: int, subject: str, body: str = "") -> bool:
    return services.notification_email_send(notification_id=notification_id, subject=subject, body=body)


@shared_task(name="notifications.send_emails", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification_emails(notification_ids: list[int], subject: str, body: str = "") -> int:
    """One batch of notices by e-mail (a mass send); a retry skips those sent."""
    return services.notification_emails_send(notification_ids=notification_ids, subject=subject, body=body)


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests() -> int:
    """Beat (daily): one e-mail per user who chose the digest, listing the notices
    since the last one. Idempotent: listed notices are claimed (`emailed_at`)."""
    sent = 0
    for user_id in notification_digest_recipients():
        if services.notification_digest_send(user_id=user_id):
            sent += 1
    return sent
