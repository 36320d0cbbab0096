"""A Redis cache that degrades instead of failing (Redis is never on the citizen's critical path).

DESIGN: Django's own RedisCache, with three additions:
- short connect and socket timeouts (settings REDIS_CONNECT_TIMEOUT / REDIS_SOCKET_TIMEOUT,
  passed to redis-py through OPTIONS), so a Redis that does not answer costs a fraction
  of a second, not the operating system's TCP timeout;
- a circuit breaker per Redis address: after one failure every cache call of this
  process skips Redis for CACHE_RETRY_SECONDS, so a page that reads the cache ten times
  pays the timeout once, not ten times;
- "fail silently" (the default alias): a failed or skipped call behaves like a miss
  (get -> default, set -> nothing, add -> False, incr -> ValueError as for a missing key),
  so cached figures are computed instead. A "strict" alias (OPTIONS FAIL_SILENTLY False,
  used by the rate limits) raises CacheUnavailableError instead, so that its caller can fall
  back to something that does not need Redis (see common.ratelimit).

Every outage is logged once, as a warning, when the breaker opens, and once when Redis
answers again. `probe()` (used by /healthz) bypasses the breaker, so the health check
always tells the truth and closes the breaker as soon as Redis is back.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Failures that mean "Redis is not reachable now" (not a programming error).
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class CacheUnavailableError(Exception):
    """Redis did not answer (or failed a moment ago); the caller falls back."""


class _Breaker:
    """Open for `retry_seconds` after a failure; shared by every alias on the same address."""

    def __init__(self, name: str, retry_seconds: float):
        self.name = name
        self.retry_seconds = retry_seconds
        self.open_until = 0.0
        self._lock = threading.Lock()

    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self, exc: Exception) -> None:
        with self._lock:
            was_closed = self.open_until == 0.0
            self.open_until = time.monotonic() + self.retry_seconds
        if was_closed:
            logger.warning(
                "cache %s unavailable (%s: %s); serving without it, retrying every %ss",
                self.name, type(exc).__name__, exc, self.retry_seconds,
            )  # fmt: skip

    def reset(self) -> None:
        with self._lock:
            was_open = self.open_until != 0.0
            self.open_until = 0.0
        if was_open:
            logger.warning("cache %s reachable again", self.name)


_breakers: dict[str, _Breaker] = {}
_breakers_lock = threading.Lock()


def _breaker_for(location: str, retry_seconds: float) -> _Breaker:
    with _breakers_lock:
        if location not in _breakers:
            _breakers[location] = _Breaker(location.rsplit("@", 1)[-1], retry_seconds)
        return _breakers[location]


def _guarded(fallback):
    """Run the RedisCache method through the breaker; on failure return `fallback(*args)`
    (fail-silently alias) or raise CacheUnavailableError (strict alias)."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._breaker.is_open():
                return self._failed(fallback, args, kwargs, None)
            try:
                result = method(self, *args, **kwargs)
            except UNAVAILABLE as exc:
                self._breaker.trip(exc)
                return self._failed(fallback, args, kwargs, exc)
            if self._breaker.open_until:
                self._breaker.reset()
            return result

        return wrapper

    return decorate


def _missing_key(*args, **kwargs):
    raise ValueError("cache unavailable: key treated as missing")


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client makes a new redis-py client object for every cache call, and
    redis-py builds its table of ~300 response callbacks in each: more CPU than the
    round trip on a short request (0.1 ms a call). One client object per
    connection pool does the same work (redis-py clients are thread-safe)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):  # noqa: ARG002  (Django's signature: key picks a shard)
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def set_many(self, data, timeout):
        """Keys that never expire in one MSET: Django's version wraps it in a
        MULTI/EXEC pipeline, for nothing when no EXPIRE follows (the IKM version
        tokens written after every public submission)."""
        if timeout is not None:
            return super().set_many(data, timeout)
        self.get_client(None, write=True).mset({k: self._serializer.dumps(v) for k, v in data.items()})
        return None


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.fail_silently = options.pop("FAIL_SILENTLY", True)
        retry_seconds = float(options.pop("RETRY_SECONDS", 10))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._breaker = _breaker_for(str(server), retry_seconds)

    def _failed(self, fallback, args, kwargs, exc):
        if not self.fail_silently:
            raise CacheUnavailableError(str(exc) if exc else "cache unavailable (retrying shortly)") from exc
        return fallback(*args, **kwargs)

    @_guarded(lambda key, default=None, version=None: default)  # noqa: ARG005  (same signature as get)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_guarded(lambda *a, **k: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_guarded(lambda *a, **k: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_guarded(lambda *a, **k: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_guarded(lambda *a, **k: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_guarded(lambda *a, **k: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_guarded(lambda *a, **k: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_guarded(_missing_key)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_guarded(lambda data, *a, **k: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_guarded(lambda *a, **k: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_guarded(lambda *a, **k: False)
    def clear(self):
        return super().clear()

    def probe(self) -> None:
        """Write, read and delete a key, bypassing the breaker; raise when Redis fails.
        A success closes the breaker (Redis is back)."""
        try:
            key = f"healthz:{time.monotonic_ns()}"
            RedisCache.set(self, key, "ok", 10)
            if RedisCache.get(self, key) != "ok":
                raise RuntimeError("cache did not return the value just written")
            RedisCache.delete(self, key)
        except UNAVAILABLE as exc:
            self._breaker.trip(exc)
            raise
        self._breaker.reset()
