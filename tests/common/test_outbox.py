"""The transactional outbox (asn_competency.common.outbox): rows commit with the
data, are published right after the commit, wait while the broker is down, and
are relayed later. Runs on both the embedded broker and Redis."""

import datetime
import time

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from asn_competency.common.models import OutboxMessage
from asn_competency.common.outbox import enqueue, enqueue_many, outbox_purge_sent, relay_deferred, relay_pending
from asn_competency.common.tasks import add
from tests.faults.conftest import celery_on

pytestmark = pytest.mark.django_db
DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens there: connections fail at once


def test_a_rolled_back_transaction_leaves_no_work_behind():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(add, 1, 2)
        raise RuntimeError("the data is not saved, so the e-mail must not go")
    assert not OutboxMessage.objects.exists()


def test_the_row_is_published_right_after_the_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = enqueue(add, 2, 3)
        assert OutboxMessage.objects.get().sent_at is None  # nothing leaves before the commit
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1
    assert (message.task, message.args) == ("common.add", [2, 3])


def test_with_the_broker_down_the_row_waits_and_the_request_does_not(django_capture_on_commit_callbacks):
    with celery_on(DEAD_BROKER):
        started = time.perf_counter()
        with django_capture_on_commit_callbacks(execute=True):
            first = enqueue(add, 1, 1)
        with django_capture_on_commit_callbacks(execute=True):
            second = enqueue(add, 2, 2)
        assert time.perf_counter() - started < 2.0
        first.refresh_from_db(), second.refresh_from_db()
        assert first.sent_at is None and first.attempts == 1 and "OperationalError" in first.last_error
        # The breaker is open: the second commit did not even try the broker.
        assert second.sent_at is None and second.attempts == 0
        assert relay_pending(older_than=0) == 0  # still down: the relay stops at once
    # The broker is back: the relay (beat job or `manage.py relay_outbox`) sends both.
    call_command("relay_outbox")
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0


def test_bulk_writers_defer_the_relay_and_send_everything_in_one_go(django_capture_on_commit_callbacks):
    # seed_demo: hundreds of rows in one transaction, no broker round trip per row.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, relay_deferred():
        enqueue(add, 1, 1)
        enqueue_many(add, [(2, 2), (3, 3)])
    assert callbacks == []
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 3  # kept, not lost
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue(add, 4, 4)  # outside the block: relayed after its commit as usual
    assert len(callbacks) == 1
    assert relay_pending(older_than=0) == 3
    assert not OutboxMessage.objects.filter(sent_at__isnull=True).exists()


def test_the_relay_leaves_young_rows_to_their_own_request():
    enqueue_many(add, [(1, 1), (2, 2)])  # in the test transaction: never committed, never relayed
    OutboxMessage.objects.filter(args=[1, 1]).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert relay_pending(older_than=60) == 1
    assert list(OutboxMessage.objects.filter(sent_at__isnull=True).values_list("args", flat=True)) == [[2, 2]]


def test_sent_rows_are_purged_after_the_keep_period(settings):
    settings.OUTBOX_KEEP_DAYS = 7
    old, recent, pending = enqueue(add, 1, 1), enqueue(add, 2, 2), enqueue(add, 3, 3)
    now = timezone.now()
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=now - datetime.timedelta(days=8))
    OutboxMessage.objects.filter(pk=recent.pk).update(sent_at=now - datetime.timedelta(days=1))
    assert outbox_purge_sent() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}


@pytest.mark.django_db(transaction=True)
def test_in_autocommit_the_sent_mark_is_stored_without_changing_the_connection():
    # A public write outside any transaction: the row commits, is published at once and
    # marked sent by one UPDATE committed asynchronously (losing the mark in a crash
    # only means one more delivery, which the worker skips). The setting is that
    # statement's alone: the next commits of this connection wait for the disk again.
    from django.db import connection

    message = enqueue(add, 5, 6)
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
