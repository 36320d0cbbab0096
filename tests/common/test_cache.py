"""The Redis cache degrades to a miss when Redis is unreachable (nothing listens on
port 1 of the loopback, so a connection fails at once); the strict alias raises."""

import pytest

from asn_competency.common.cache import CacheUnavailableError, ResilientRedisCache

DEAD = "redis://127.0.0.1:1/0"


def make(**options):
    return ResilientRedisCache(DEAD, {"OPTIONS": {"socket_connect_timeout": 0.2, "RETRY_SECONDS": 60, **options}})


def test_an_unreachable_redis_behaves_as_an_empty_cache():
    cache = make()
    assert cache.get("k", "default") == "default"
    cache.set("k", 1)
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.get_or_set("figures", lambda: {"ikm": 82.5}) == {"ikm": 82.5}
    with pytest.raises(ValueError):  # as for a missing key: callers already handle it
        cache.incr("generation")
    assert cache.delete("k") is False


def test_the_strict_alias_raises_so_that_its_caller_can_fall_back():
    cache = make(FAIL_SILENTLY=False)
    with pytest.raises(CacheUnavailableError):
        cache.add("counter", 0)
    with pytest.raises(CacheUnavailableError):  # the breaker is open: no second attempt, same answer
        cache.incr("counter")


def test_probe_bypasses_the_breaker_and_reports_the_failure():
    cache = make()
    cache.get("k")  # opens the breaker
    with pytest.raises(Exception, match="Connection refused|Error"):
        cache.probe()
