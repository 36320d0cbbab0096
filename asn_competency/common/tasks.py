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


@shared_task(name="common.outbox_relay")
def outbox_relay() -> int:
    """Beat (every minute): publish outbox rows whose immediate publish failed."""
    from .outbox import relay_pending

    return relay_pending()


@shared_task(name="common.outbox_relay_soon", ignore_result=True)
def outbox_relay_soon() -> int:
    """Queued by the public write paths (outbox.relay_soon), due a moment after
    their commits: publish the pending rows, theirs among them."""
    from .outbox import relay_pending

    return relay_pending(older_than=0)


@shared_task(name="common.outbox_purge")
def outbox_purge() -> int:
    """Beat (nightly): forget outbox rows sent more than OUTBOX_KEEP_DAYS ago."""
    from .outbox import outbox_purge_sent

    return outbox_purge_sent()
