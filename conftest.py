"""Project-wide pytest setup: service markers, a live Celery worker, clean cache.

Markers: `postgres`, `redis`, `celery_worker` declare what a test needs. On the
embedded default those tests skip with a reason; with REQUIRE_SERVICES=1 (CI)
they fail instead, so a missing service can never pass silently.
"""

import os

import pytest
from django.conf import settings

SERVICE_MARKERS = {
    "postgres": "PostgreSQL (set DATABASE_URL=postgres://...)",
    "redis": "Redis (set REDIS_URL=redis://...)",
    "celery_worker": "a live Celery worker on Redis (set REDIS_URL)",
}


def _available(marker: str) -> bool:
    if marker == "postgres":
        return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    return bool(settings.REDIS_URL)


def pytest_configure(config):
    for name, what in SERVICE_MARKERS.items():
        config.addinivalue_line("markers", f"{name}: needs {what}")
    config.addinivalue_line("markers", "e2e: browser journey in headless Chromium")


def pytest_runtest_setup(item):
    required = os.environ.get("REQUIRE_SERVICES") == "1"
    for name, what in SERVICE_MARKERS.items():
        if item.get_closest_marker(name) and not _available(name):
            message = f"needs {what}"
            if required:
                pytest.fail(f"REQUIRE_SERVICES=1 but this test {message}", pytrace=False)
            pytest.skip(message)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Rate-limit counters and cached figures must not leak between tests."""
    from django.core.cache import caches

    from asn_competency.common.outbox import reset_breaker
    from asn_competency.common.ratelimit import local_counters

    for alias in settings.CACHES:
        caches[alias].clear()
    local_counters.clear()  # the limits' fallback while Redis is down
    reset_breaker()  # a test that stopped the broker must not mute the next one's publishing
    yield
    for alias in settings.CACHES:
        caches[alias].clear()


@pytest.fixture
def celery_worker(transactional_db, monkeypatch):
    """A real Celery worker (thread, solo pool) consuming from the configured broker.

    Needs committed data, hence transactional_db; tests using it carry the
    `celery_worker` marker. The worker thread closes its database connection
    after each task (CONN_MAX_AGE=0), so the test database can be dropped at
    the end of the run.
    """
    from celery.contrib.testing.worker import start_worker
    from django.db import connections

    from asn_competency.celery_app import app

    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
