"""The Celery application. Settings come from Django's settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_competency.settings.local")

app = Celery("asn_competency")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
