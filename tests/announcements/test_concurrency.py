"""Two people (or two workers) acting at once deliver an announcement exactly once
per person (PostgreSQL, real threads)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from announcements import services
from announcements.models import Announcement, AnnouncementRecipient
from asn_competency.common.errors import ConflictError
from asn_competency.common.models import OutboxMessage
from notifications.models import Kind, Notification
from tests.accounts.factories import UserFactory
from tests.training.factories import SessionFactory

from .conftest import participants

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


def _draft(n):
    hr = UserFactory(roles=["hr"])
    session = SessionFactory()
    participants(session, n)
    announcement = services.announcement_create(
        actor=hr, subject="Pengumuman", body="Isi", audience=Announcement.Audience.SESSION, session=session
    )
    return hr, announcement


def test_two_hr_staff_sending_at_once_queue_it_once():
    hr, announcement = _draft(3)
    other_hr = UserFactory(roles=["hr"])
    actors = iter([hr, other_hr])
    lock = threading.Lock()

    def send():
        with lock:
            actor = next(actors)
        return services.announcement_send(announcement_id=announcement.pk, actor=actor)

    results = run_concurrently(send, workers=2)

    assert sum(isinstance(r, Announcement) for r in results) == 1
    assert sum(isinstance(r, ConflictError) for r in results) == 1
    assert OutboxMessage.objects.filter(task="announcements.deliver").count() == 1


def test_workers_delivering_the_same_announcement_at_once_reach_each_person_once(settings):
    """Four workers run the job at once, each believing the others dead (lease 0),
    in small batches: the batches interleave, nobody gets two notices."""
    settings.ANNOUNCEMENT_LEASE_SECONDS = 0
    hr, announcement = _draft(23)
    services.announcement_send(announcement_id=announcement.pk, actor=hr)

    results = run_concurrently(
        lambda: services.announcement_deliver(announcement_id=announcement.pk, batch_size=4), workers=4
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    announcement.refresh_from_db()
    assert (announcement.status, announcement.delivered, announcement.total) == (Announcement.Status.SENT, 23, 23)
    recipients = Notification.objects.filter(kind=Kind.ANNOUNCEMENT).values_list("recipient_id", flat=True)
    assert len(recipients) == len(set(recipients)) == 23
    assert AnnouncementRecipient.objects.filter(announcement=announcement).count() == 23

    services.announcement_deliver(announcement_id=announcement.pk)  # a worker re-run
    assert Notification.objects.filter(kind=Kind.ANNOUNCEMENT).count() == 23
