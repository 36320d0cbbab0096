"""Notifications go through a real Celery worker after the transaction commits."""

import pytest
from django.core import mail

from tests.accounts.factories import EmployeeFactory
from tests.utils import wait_until
from training.services import enrollment_cancel, enrollment_create

from .factories import SessionFactory

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_confirmation_and_promotion_emails_are_sent_by_the_worker(celery_worker):
    session = SessionFactory(capacity=1)
    first = enrollment_create(session=session, employee=EmployeeFactory())
    waiting = enrollment_create(session=session, employee=EmployeeFactory())
    enrollment_cancel(enrollment=first, actor=first.employee.user)
    outbox = wait_until(lambda: len(mail.outbox) >= 3 and mail.outbox, timeout=15, what="3 e-mails")
    subjects = sorted((m.to[0], m.subject.split(":")[0]) for m in outbox)
    assert subjects == sorted(
        [
            (first.employee.email, "Pendaftaran dikonfirmasi"),
            (waiting.employee.email, "Masuk daftar tunggu"),
            (waiting.employee.email, "Ada kursi untuk Anda"),
        ]
    )
