from celery import shared_task
from django.utils import timezone


@shared_task(name="common.heartbeat")
def heartbeat():
    """Proves the worker and beat are alive; the time is visible in the result store."""
    return timezone.now().isoformat()


@shared_task(name="common.add")
def add(x: int, y: int) -> int:
    """A trivial task used by the live-worker test and by operators to check a worker."""
    return x + y
