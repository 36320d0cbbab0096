"""Two workers running the same e-mail job at once send each notice once (PostgreSQL, real threads)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection

from notifications import services
from notifications.models import EmailChoice, Kind, NotificationPreference
from tests.accounts.factories import UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_concurrently(fn, workers):
    barrier = threading.Barrier(workers)

    def call(_):
        barrier.wait()
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001  (the thread's error is collected and asserted by the caller)
            return exc
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(call, range(workers)))


def test_concurrent_digest_runs_list_each_notice_once():
    user = UserFactory()
    NotificationPreference.objects.create(user=user, kind=Kind.REMINDER, email=EmailChoice.DIGEST)
    for i in range(5):
        services.notify(users=[user], kind=Kind.REMINDER, title=f"Pengingat {i}")
    mail.outbox.clear()

    results = run_concurrently(lambda: services.notification_digest_send(user_id=user.pk), workers=6)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert sum(results) == 5
    bodies = "".join(m.body for m in mail.outbox)
    assert all(bodies.count(f"Pengingat {i}\n") == 1 for i in range(5))


def test_concurrent_sends_of_one_notice_email_it_once():
    user = UserFactory()
    (row,) = services.notify(users=[user], kind=Kind.ANNOUNCEMENT, title="Pengumuman")
    mail.outbox.clear()

    results = run_concurrently(
        lambda: services.notification_email_send(notification_id=row.pk, subject="Pengumuman"), workers=6
    )

    assert results.count(True) == 1
    assert len(mail.outbox) == 1
