"""Fault injection: a Redis of the test's own (never the shared one), pointed to by
the cache and the Celery app of this process, that a test stops and starts again.

Tests here carry the `redis` marker (they run in CI's services run, where
REQUIRE_SERVICES=1 makes a missing redis-server fail instead of skipping).
"""

import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from kombu import pools

from asn_competency.celery_app import app

REDIS_SERVER = shutil.which("redis-server")
# Short enough that a test measuring "answers within 3 s" would notice a hang.
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OwnRedis:
    """redis-server on a free port of the loopback, no persistence."""

    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = workdir
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(tmp_path):
    if not REDIS_SERVER:
        message = "needs redis-server on the PATH"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {message}", pytrace=False)
        pytest.skip(message)
    redis = OwnRedis(tmp_path)
    redis.start()
    yield redis
    redis.stop()


def redis_caches(url: str) -> dict:
    cache = {
        "BACKEND": "asn_competency.common.cache.ResilientRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": "km-faults",
        "OPTIONS": {**TIMEOUTS, "RETRY_SECONDS": 1},
    }
    return {"default": cache, "ratelimit": {**cache, "OPTIONS": {**cache["OPTIONS"], "FAIL_SILENTLY": False}}}


def _reset_celery_connections():
    """Drop the Celery app's cached connection/producer pools and result backend,
    so that the next publish uses the current configuration."""
    pools.reset()  # kombu's process-wide connection and producer pools
    app._after_fork()
    app._backend_cache = None
    app._local = threading.local()


@contextmanager
def celery_on(url: str):
    """Broker and result store of this process's Celery app on `url` (set in the
    app's own configuration layer, over Django's CELERY_* settings)."""
    changes = {
        "CELERY_BROKER_URL": url,
        "CELERY_RESULT_BACKEND": url,
        "CELERY_BROKER_TRANSPORT_OPTIONS": {
            "socket_connect_timeout": TIMEOUTS["socket_connect_timeout"],
            "socket_timeout": 5.0,
            "visibility_timeout": 3600,
            "max_retries": 1,
            "interval_start": 0,
            "interval_step": 0.2,
            "interval_max": 0.5,
        },
    }
    app.conf.update(changes)
    _reset_celery_connections()
    try:
        yield app
    finally:
        for key in changes:
            app.conf.changes.pop(key, None)
        _reset_celery_connections()


@pytest.fixture
def on_own_redis(own_redis, settings):
    """Cache, rate limits, broker and result store of this process on `own_redis`."""
    settings.CACHES = redis_caches(own_redis.url)
    settings.CELERY_BROKER_URL = own_redis.url
    for alias in settings.CACHES:
        caches[alias].clear()
    with celery_on(own_redis.url):
        yield own_redis
