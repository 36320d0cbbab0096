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
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.cache import caches
from django.db import connection
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
        self.process = subprocess.Popen(
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
        "OPTIONS": {**TIMEOUTS, "RETRY_SECONDS": 10},  # as in production
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


ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    """The test database (committed data, transactional_db) as a URL for a subprocess."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class WorkerProcess:
    """`celery -A asn_competency worker` in its own process group, on the test database
    and the test's own Redis, as production runs it (a separate process)."""

    def __init__(self, redis_url: str, log_path: Path, **env):
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "asn_competency.settings.test",
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "CONN_MAX_AGE": "0",
            **{key: str(value) for key, value in env.items()},
        }
        self.process = None

    def start(self, timeout: float = 60.0):
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "asn_competency", "worker", "--pool=solo", "--loglevel=INFO",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"faults-{os.getpid()}-%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b" ready." in self.log_path.read_bytes():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"the worker did not start:\n{self.log_tail()}")

    def kill(self):
        """kill -9 of the worker's whole process group, as when its machine dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)  # warm shutdown
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def worker_process(on_own_redis, tmp_path):
    """Factory of worker processes on `on_own_redis`; every one is stopped at the end."""
    started = []

    def make(**env):
        worker = WorkerProcess(on_own_redis.url, tmp_path / f"worker-{len(started)}.log", **env)
        started.append(worker)
        return worker

    yield make
    for worker in started:
        worker.stop()
