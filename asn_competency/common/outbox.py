"""Transactional outbox: work that must follow a commit, never lost to a broker outage.

DESIGN (how to use it; the one way to queue background work from a service):

    from asn_competency.common.outbox import enqueue
    enqueue(send_enrollment_email, enrollment.pk, "confirmed")

instead of

    transaction.on_commit(lambda: send_enrollment_email.delay(enrollment.pk, "confirmed"))

`enqueue(task, *args, **kwargs)` writes an OutboxMessage row in the caller's
transaction (so the work exists exactly when the data does: a rollback drops
both) and, right after the commit, publishes it to Celery and marks it sent
(the publish on a broker connection the thread keeps between requests, the mark
one UPDATE: a request pays one broker and one database round trip for it).
When the broker is down the publish fails fast (short connection timeout, no
retries, and a per-process circuit breaker so later requests do not even try),
the row stays pending, and the request goes on: nothing 500s, nothing is lost.
The beat job `common.outbox_relay` (every minute) and the management command
`relay_outbox` publish pending rows once the broker is back.

Delivery is at least once (a crash between publish and "mark sent" publishes
again). A second delivery of a message whose task already ran to the end is
skipped by the project's task class (common.celery_task: the message carries
its outbox id, the worker sets `done_at`); tasks must still be idempotent for
the rare overlap (take ids, check state, claim with a conditional UPDATE such
as `emailed_at IS NULL` before sending). Arguments must be
JSON-serialisable (ids, strings, numbers, dates). Results of outbox tasks are
not stored (ignore_result): progress lives in the database (e.g. report runs).

Outside a transaction (autocommit, e.g. in a beat task) the row is written and
published at once. Sent rows are purged after OUTBOX_KEEP_DAYS.

Write paths that take many requests a second (the public feedback form) use
`relay_soon(messages)` instead of `relay_after_commit`: their rows are published
by the worker (the task `common.outbox_relay_soon`, queued at most once per
process every OUTBOX_RELAY_SOON_SECONDS), not by each request.

Bulk writers (seed_demo) that enqueue hundreds of messages in one transaction
wrap it in `relay_deferred()`: no relay per message after the commit; the
caller publishes them all at once with `relay_pending(older_than=0)` (or the
beat relay does within a minute).
"""

import contextlib
import datetime
import logging
import os
import threading
import time

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from asn_competency.celery_app import app

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# What a broker outage looks like when publishing (kombu wraps the transport's errors).
PUBLISH_ERRORS = (KombuError, RedisConnectionError, RedisTimeoutError, OSError)

_breaker = {"until": 0.0}
_soon = {"due": 0.0}  # when this process's queued soon-relay is due (relay_soon)
_breaker_lock = threading.Lock()
_deferred = threading.local()


def _task_name(task) -> str:
    return task if isinstance(task, str) else task.name


@contextlib.contextmanager
def relay_deferred():
    """Inside this block (this thread), enqueued rows are written but not relayed
    after their commit: the caller relays them in one go (`relay_pending(older_than=0)`)
    instead of one broker round trip per message. Nothing is lost either way: a
    row left pending is sent by the beat relay."""
    previous = getattr(_deferred, "active", False)
    _deferred.active = True
    try:
        yield
    finally:
        _deferred.active = previous


def _relay_later(messages: list[OutboxMessage]) -> None:
    if messages and not getattr(_deferred, "active", False):
        transaction.on_commit(_relay_after_commit(messages), robust=True)


def enqueue(task, *args, **kwargs) -> OutboxMessage:
    """Queue `task(*args, **kwargs)` to run after the current transaction commits."""
    message = OutboxMessage.objects.create(task=_task_name(task), args=list(args), kwargs=kwargs)
    _relay_later([message])
    return message


def unsaved(task, args, **kwargs) -> OutboxMessage:
    """A message not yet written, for a caller that INSERTs it with its data in
    one statement (common.db.insert_linked; `args` may be a PkList there). The
    caller then hands it to relay_after_commit()."""
    return OutboxMessage(task=_task_name(task), args=args, kwargs=kwargs)


def relay_after_commit(messages: list[OutboxMessage]) -> None:
    """Publish messages the caller has written (see unsaved()) once its transaction commits."""
    _relay_later(messages)


def relay_soon(messages: list[OutboxMessage]) -> None:
    """Have the worker publish messages the caller has written (see unsaved())
    within OUTBOX_RELAY_SOON_SECONDS of the commit, rather than this request: for
    write paths that take many requests a second (the public feedback form).

    After the commit, the first such request of a window (per process) queues one
    `common.outbox_relay_soon` task due at the window's end, and the requests that
    commit before then ride on it: one small publish per process and window
    instead of a publish and a "sent" UPDATE per message. The worker's relay
    publishes every pending row. Nothing is lost when the broker is down or the
    worker's clock runs ahead of this host's: the rows wait and the beat relay
    sends them (at most a minute or so later)."""
    if messages and not getattr(_deferred, "active", False):
        transaction.on_commit(_kick_soon_relay, robust=True)


def _kick_soon_relay() -> None:
    now = time.monotonic()
    if now < _soon["due"] or _broker_skipped():
        return
    window = settings.OUTBOX_RELAY_SOON_SECONDS
    with _breaker_lock:
        if now < _soon["due"]:
            return
        _soon["due"] = now + window
    from .tasks import outbox_relay_soon

    try:
        try:
            _send_relay(outbox_relay_soon, window)
        except PUBLISH_ERRORS:
            _drop_thread_publisher()  # a kept connection gone stale (the broker restarted): once more
            _send_relay(outbox_relay_soon, window)
    except PUBLISH_ERRORS as exc:
        _drop_thread_publisher()
        _trip(exc)
        _soon["due"] = 0.0


def _send_relay(task, countdown: float) -> None:
    task.apply_async(
        countdown=countdown or None, retry=False, ignore_result=True, producer=_thread_publisher(), declare=[]
    )


def enqueue_many(task, calls, **kwargs) -> list[OutboxMessage]:
    """Queue `task(*args, **kwargs)` for each tuple `args` of `calls` (one INSERT,
    one relay after commit)."""
    messages = OutboxMessage.objects.bulk_create(
        [OutboxMessage(task=_task_name(task), args=list(args), kwargs=kwargs) for args in calls]
    )
    _relay_later(messages)
    return messages


def _relay_after_commit(messages: list[OutboxMessage]):
    def relay_outbox_after_commit():
        relay_committed(messages)

    return relay_outbox_after_commit


def reset_breaker() -> None:
    """Try the broker again on the next publish, and have the next relay_soon()
    queue a relay (tests; operators restart instead)."""
    _breaker["until"] = 0.0
    _soon["due"] = 0.0


def _broker_skipped() -> bool:
    return time.monotonic() < _breaker["until"]


def _trip(exc: Exception) -> None:
    with _breaker_lock:
        first = _breaker["until"] == 0.0
        _breaker["until"] = time.monotonic() + settings.OUTBOX_RETRY_SECONDS
    if first:
        logger.warning(
            "broker unavailable (%s: %s); background work waits in the outbox and is relayed when it returns",
            type(exc).__name__, exc,
        )  # fmt: skip


def _publish_connection():
    """A broker connection for publishing only, with a short socket timeout
    (OUTBOX_PUBLISH_TIMEOUT): a Redis that accepts connections but does not answer
    must not hold a web request. Workers keep the broker's longer timeout."""
    timeout = settings.OUTBOX_PUBLISH_TIMEOUT
    return app.connection_for_write(
        connect_timeout=timeout, transport_options={"socket_timeout": timeout, "socket_connect_timeout": timeout}
    )


_publishers = threading.local()


def _thread_publisher():
    """This thread's publisher (a producer on its own connection), kept between
    requests: opening a connection costs several broker round trips (most of a
    short request's publish). Made again after a fork or when the broker's
    configuration changes."""
    key = (os.getpid(), app.conf.broker_url, repr(app.conf.broker_transport_options))
    if getattr(_publishers, "key", None) != key:
        _drop_thread_publisher()
        connection = _publish_connection()
        _keep_redis_client(connection.default_channel)
        _publishers.producer = app.amqp.Producer(connection, auto_declare=False)
        _publishers.connection, _publishers.key = connection, key
    return _publishers.producer


def _keep_redis_client(channel) -> None:
    """kombu's Redis channel makes a new redis-py client for every message it puts,
    and redis-py builds its table of ~300 response callbacks in each: a tenth of a
    public write's CPU. This thread's channel keeps one (on the same pool)."""
    create = getattr(channel, "_create_client", None)
    if create is None:  # not the Redis transport
        return
    client = create()
    channel._create_client = lambda asynchronous=False: create(asynchronous=True) if asynchronous else client


def _drop_thread_publisher() -> None:
    connection, _publishers.connection, _publishers.key = getattr(_publishers, "connection", None), None, None
    _publishers.producer = None
    if connection is not None:
        with contextlib.suppress(*PUBLISH_ERRORS):  # a broken connection: nothing left to close cleanly
            connection.release()


def _send(message: OutboxMessage, connection=None, *, producer=None) -> None:
    """Publish on `connection`, or with `producer` (a kept one: see _thread_publisher)."""
    if message.task not in app.tasks:  # a name whose module this process has not imported yet
        app.loader.import_default_modules()
    # declare=[]: kombu would bind (copy) the queue to the channel on every publish
    # to "declare" it, which a Redis or filesystem broker does not need (a message
    # goes to its queue's list by name; the workers declare their queues).
    app.tasks[message.task].apply_async(
        args=message.args, kwargs=message.kwargs, task_id=f"outbox-{message.pk}-{message.attempts}",
        retry=False, ignore_result=True, headers={"outbox_id": message.pk}, connection=connection,
        producer=producer, declare=[],
    )  # fmt: skip


def _failed(message: OutboxMessage, exc: Exception) -> None:
    _trip(exc)
    message.last_error = f"{type(exc).__name__}: {exc}"[:300]
    OutboxMessage.objects.filter(pk=message.pk).update(attempts=message.attempts, last_error=message.last_error)


def _reachable_again() -> None:
    if _breaker["until"]:
        with _breaker_lock:
            _breaker["until"] = 0.0
        logger.warning("broker reachable again; relaying the outbox")


def _publish(message: OutboxMessage, connection) -> bool:
    """Hand one (locked, pending) row to Celery; mark it sent or record the failure."""
    message.attempts += 1
    try:
        _send(message, connection)
    except PUBLISH_ERRORS as exc:
        _failed(message, exc)
        return False
    _reachable_again()
    message.sent_at = timezone.now()
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=message.sent_at, attempts=message.attempts)
    return True


def relay_committed(messages: list[OutboxMessage]) -> int:
    """Right after the commit that wrote `messages`: publish them on this thread's
    kept connection (unless the broker failed a moment ago), then mark the sent
    ones in one UPDATE. Returns the count sent.

    No row lock and no SELECT: the rows are this request's own, just committed,
    and the beat relay leaves rows younger than OUTBOX_RELAY_AFTER_SECONDS alone;
    should the two ever overlap, the worker skips the second delivery (done_at).
    A kept connection that went stale (the broker restarted) is replaced once
    before the failure counts."""
    if _broker_skipped():
        return 0
    sent = []
    for message in messages:
        message.attempts += 1
        try:
            try:
                _send(message, producer=_thread_publisher())
            except PUBLISH_ERRORS:
                _drop_thread_publisher()
                _send(message, producer=_thread_publisher())
        except PUBLISH_ERRORS as exc:
            _drop_thread_publisher()
            _failed(message, exc)
            break
        sent.append(message)
    if sent:
        _reachable_again()
        now = timezone.now()
        _mark_sent([m.pk for m in sent], now)
        for message in sent:
            message.sent_at = now
    return len(sent)


def _mark_sent(ids: list[int], now: datetime.datetime) -> None:
    """One UPDATE of the rows just published (after every public write: written once
    as SQL, not built by the ORM per request).

    Committed asynchronously (synchronous_commit off for this one statement's
    transaction): it does not wait for the WAL to reach the disk, which on a busy
    host is most of a commit's time. Should the database crash within that
    fraction of a second, the mark is lost and the row is pending again: the relay
    publishes it a second time and the worker skips it (done_at), the outbox's
    at-least-once contract. The data's own INSERT is committed synchronously."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        OutboxMessage.objects.filter(pk__in=ids, sent_at__isnull=True).update(sent_at=now, attempts=F("attempts") + 1)
        return
    with connection.cursor() as cursor:
        cursor.execute(_MARK_SENT, [now, ids])


_TABLE = OutboxMessage._meta.db_table
_MARK_SENT = (
    "WITH _async AS (SELECT set_config('synchronous_commit', 'off', true)) "  # noqa: S608 - a table name
    f"UPDATE {_TABLE} SET sent_at = %s, attempts = attempts + 1 FROM _async WHERE id = ANY(%s) AND sent_at IS NULL"
)


def relay_messages(ids: list[int]) -> int:
    """Publish these rows unless the broker failed a moment ago. Rows another
    relay holds (locked) or has sent are skipped. Returns the count sent."""
    if _broker_skipped():
        return 0
    sent = 0
    with transaction.atomic(), _publish_connection() as connection:
        rows = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk__in=ids, sent_at__isnull=True)
        for message in rows.order_by("pk"):
            if not _publish(message, connection):
                break
            sent += 1
    return sent


def relay_pending(*, older_than: float | None = None, batch: int = 200) -> int:
    """Publish every pending row older than `older_than` seconds (default
    OUTBOX_RELAY_AFTER_SECONDS: younger rows are still being relayed by their own
    request). Stops at the first broker failure. Returns the count sent."""
    if older_than is None:
        older_than = settings.OUTBOX_RELAY_AFTER_SECONDS
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than)
    sent = 0
    while True:
        with transaction.atomic(), _publish_connection() as connection:
            rows = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, created_at__lte=cutoff)
                .order_by("pk")[:batch]
            )
            for message in rows:
                if not _publish(message, connection):
                    return sent
                sent += 1
        if len(rows) < batch:
            return sent


def outbox_purge_sent(*, days: int | None = None) -> int:
    """Delete rows sent more than `days` (OUTBOX_KEEP_DAYS) ago."""
    days = settings.OUTBOX_KEEP_DAYS if days is None else days
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


def outbox_pending_count() -> int:
    return OutboxMessage.objects.filter(sent_at__isnull=True).count()
