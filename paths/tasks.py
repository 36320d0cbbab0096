"""Celery tasks of learning paths: take ids, hold no rules, idempotent."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import services


@shared_task(name="paths.notify_path_published", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_path_published(path_id: int) -> int:
    with translation.override(settings.LANGUAGE_CODE):
        return services.path_notify_published(path_id=path_id)
