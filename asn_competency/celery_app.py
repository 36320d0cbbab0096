"""The Celery application. Settings come from Django's settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_competency.settings.local")

# Every task skips duplicate deliveries of outbox messages (see common.celery_task).
app = Celery("asn_competency", task_cls="asn_competency.common.celery_task:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
