"""Helpers shared by the tests."""

import time


def wait_until(predicate, *, timeout: float = 30.0, interval: float = 0.2, what: str = "the condition"):
    """Poll `predicate()` until it returns something truthy and return that; fail after `timeout` seconds.

    For work that happens elsewhere (a live Celery worker, another thread): the test waits as long as
    needed, never a fixed sleep, and a missing result fails with a message instead of hanging.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(interval)
