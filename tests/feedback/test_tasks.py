import threading

import pytest
from django.core.cache import caches
from django.db import connection

from feedback.models import Feedback
from feedback.selectors import ikm_cached
from feedback.tasks import ikm_refresh
from tests.accounts.factories import OrgUnitFactory

from .factories import FeedbackFactory
from .test_public_views import form_data


def test_nightly_refresh_is_scheduled():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["feedback-ikm-refresh"]
    assert entry["task"] == "feedback.ikm_refresh"


@pytest.mark.django_db
def test_refresh_invalidates_cached_figures_and_warms_the_public_page(django_assert_num_queries):
    unit = OrgUnitFactory()
    FeedbackFactory(unit=unit, **{f"u{i}": 4 for i in range(1, 10)})
    assert ikm_cached(unit=unit)["ikm"] == 100.0
    changed = FeedbackFactory(unit=unit, **{f"u{i}": 4 for i in range(1, 10)})
    assert ikm_cached(unit=unit)["ikm"] == 100.0
    Feedback.objects.filter(pk=changed.pk).update(**{f"u{i}": 2 for i in range(1, 10)})  # as a correction would
    assert ikm_cached(unit=unit)["ikm"] == 100.0  # still the cached figure
    ikm_refresh.run()
    assert ikm_cached(unit=unit)["ikm"] == 75.0


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_refresh_runs_on_a_real_worker(celery_worker):
    unit = OrgUnitFactory()
    FeedbackFactory(unit=unit, **{f"u{i}": 4 for i in range(1, 10)})
    assert ikm_cached(unit=unit)["ikm"] == 100.0
    FeedbackFactory(unit=unit, **{f"u{i}": 1 for i in range(1, 10)})
    generation = ikm_refresh.delay().get(timeout=30)
    assert generation >= 2
    assert ikm_cached(unit=unit)["ikm"] == 62.5


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_rate_limit_counters_live_in_redis_and_are_shared_between_threads(settings):
    """Every web worker sees the same counters: a request from another thread (its own
    Redis connection) is limited by the submissions counted before."""
    from django.core.cache.backends.redis import RedisCache
    from django.test import Client

    assert isinstance(caches["default"], RedisCache)
    settings.FEEDBACK_RATE_LIMIT = "2/d"
    unit = OrgUnitFactory()
    for _ in range(2):
        assert Client().post("/feedback/", form_data(unit)).status_code == 302
    statuses = []

    def other_worker():
        try:
            statuses.append(Client().post("/feedback/", form_data(unit)).status_code)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join()
    assert statuses == [429]
    assert Feedback.objects.count() == 2
