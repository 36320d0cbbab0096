"""The base class of every Celery task of the project (Celery(task_cls=...)).

An outbox message (common.outbox) carries its row id in the `outbox_id` message
header. A delivery whose message has already run to the end (`done_at` set) is
skipped, so the outbox's at-least-once publishing (a relay that crashed after
publishing, a retried relay) does not send an e-mail twice. A delivery of a
message that did not finish (its worker died) runs again: at least once.
"""

import logging

from celery import Task as CeleryTask
from django.utils import timezone

logger = logging.getLogger(__name__)


class Task(CeleryTask):
    def __call__(self, *args, **kwargs):
        outbox_id = getattr(self.request, "outbox_id", None) if not self.request.called_directly else None
        if outbox_id is None:
            return super().__call__(*args, **kwargs)
        from .models import OutboxMessage

        if OutboxMessage.objects.filter(pk=outbox_id, done_at__isnull=False).exists():
            logger.info("outbox message %s (%s) already done; duplicate delivery skipped", outbox_id, self.name)
            return None
        result = super().__call__(*args, **kwargs)
        OutboxMessage.objects.filter(pk=outbox_id, done_at__isnull=True).update(done_at=timezone.now())
        return result
