"""Background work of announcements: tasks take ids and call services."""

from celery import shared_task

from . import services


@shared_task(name="announcements.deliver", acks_late=True)
def deliver_announcement(announcement_id: int) -> dict:
    """Deliver an announcement in batches; a rerun goes on with the people left."""
    announcement = services.announcement_deliver(announcement_id=announcement_id)
    return {"announcement": announcement.pk, "status": announcement.status, "delivered": announcement.delivered}


@shared_task(name="announcements.recover")
def recover_announcements() -> list[int]:
    """Beat (every minute): queue again the deliveries whose worker died."""
    return services.announcement_recover()
