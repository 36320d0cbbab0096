"""Notifications go through a real Celery worker after the transaction commits."""

import time

import pytest
from django.core import mail

from tests.accounts.factories import EmployeeFactory
from training.services import enrollment_cancel, enrollment_create

from .factories import SessionFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def wait_for_mail(count, timeout=15):
    deadline = time.monotonic() + timeout
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return mail.outbox


def test_confirmation_and_promotion_emails_are_sent_by_the_worker(celery_worker):
    session = SessionFactory(capacity=1)
    first = enrollment_create(session=session, employee=EmployeeFactory())
    waiting = enrollment_create(session=session, employee=EmployeeFactory())
    enrollment_cancel(enrollment=first, actor=first.employee.user)
    outbox = wait_for_mail(3)
    subjects = sorted((m.to[0], m.subject.split(":")[0]) for m in outbox)
    assert subjects == sorted(
        [
            (first.employee.email, "Pendaftaran dikonfirmasi"),
            (waiting.employee.email, "Masuk daftar tunggu"),
            (waiting.employee.email, "Ada kursi untuk Anda"),
        ]
    )
