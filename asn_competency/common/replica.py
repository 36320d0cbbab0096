"""Read replica for dashboards and report jobs (issue 13, scale-out).

When `DATABASE_REPLICA_URL` is set, settings add a `replica` database (a
streaming standby of the primary) and install `ReplicaRouter`. Nothing reads
from the replica by default: only code that asks for it, inside
`replica_reads()` (the report job's aggregation) or behind `@replica_view`
(the dashboards), so a page that has just written never reads its own write
from a standby that has not replayed it yet.

Rules the router keeps:
- writes always go to the primary (`default`);
- inside a transaction on the primary (`atomic`, `select_for_update`) reads stay
  there, so a transaction sees one database;
- sessions, tokens, lockouts and users are always read from the primary (the
  log-in that just happened is not on the replica yet);
- if the replica cannot be reached, `replica_view` and `run_on_replica` run the
  work again on the primary: a dashboard answers, a report is computed.
"""

import contextvars
import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections
from django.db.utils import OperationalError

logger = logging.getLogger(__name__)

REPLICA = "replica"
# Read from the primary even inside replica_reads(): state that a request has
# just written (session, log-in, token, lockout counters).
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "authtoken", "axes", "contenttypes"})

_wanted: contextvars.ContextVar[bool] = contextvars.ContextVar("replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    """Route the ORM reads of this block to the replica (when one is configured)."""
    token = _wanted.set(True)
    try:
        yield
    finally:
        _wanted.reset(token)


def replica_reads_active() -> bool:
    """Whether this code runs inside replica_reads() (run_on_replica, replica_view)."""
    return _wanted.get()


def _replica_down() -> bool:
    try:
        connections[REPLICA].ensure_connection()
    except OperationalError:
        return True
    return False


def run_on_replica(fn: Callable, /, *args, **kwargs):
    """Run `fn` with its reads on the replica; when the replica is unreachable,
    log it and run `fn` again on the primary. `fn` must not write before its
    reads fail (dashboards and aggregations do not)."""
    if not replica_configured():
        return fn(*args, **kwargs)
    try:
        with replica_reads():
            return fn(*args, **kwargs)
    except OperationalError:
        if not _replica_down():
            raise
        connections[REPLICA].close()
        logger.warning("read replica unreachable; %s reads from the primary", getattr(fn, "__name__", fn))
        return fn(*args, **kwargs)


def replica_view(view: Callable) -> Callable:
    """View decorator: the view (and its template, rendered inside it) reads from
    the replica. Put it below the permission decorators, so the user and the
    session are loaded from the primary first."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return run_on_replica(view, request, *args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Installed by settings when DATABASE_REPLICA_URL is set."""

    def db_for_read(self, model, **hints):
        if not _wanted.get() or not replica_configured():
            return None
        if model._meta.app_label in PRIMARY_ONLY_APPS or model._meta.label == settings.AUTH_USER_MODEL:
            return None
        if connections["default"].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model, **hints):  # noqa: ARG002  (Django's router signature)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return {obj1._state.db, obj2._state.db} <= {"default", REPLICA} or None

    def allow_migrate(self, db, app_label, **hints):  # noqa: ARG002  (Django's router signature)
        return db != REPLICA
