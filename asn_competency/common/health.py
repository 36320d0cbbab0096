"""Checks behind GET /healthz: database, cache and Celery broker."""

import time
import uuid

from django.core.cache import cache
from django.db import connection


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    if hasattr(cache, "probe"):  # the Redis cache: bypass its circuit breaker, tell the truth
        cache.probe()
        return
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def check_broker():
    from django.conf import settings

    from asn_competency.celery_app import app

    # Short timeouts: a broker that accepts connections but does not answer must
    # not hold the health check (load balancers time out too).
    with app.connection_for_write(
        settings.CELERY_BROKER_URL,
        connect_timeout=1,
        transport_options={"socket_timeout": 1, "socket_connect_timeout": 1},
    ) as conn:
        conn.ensure_connection(max_retries=0, timeout=2)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def run_checks():
    """Run every check; return (all_ok, {name: {"ok": bool, "ms": float, "error"?: str}})."""
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # noqa: BLE001  (any failure of a dependency is reported as down, with its error)
            results[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return all(r["ok"] for r in results.values()), results
