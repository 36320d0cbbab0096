"""Real services: the completion hook has a live Celery worker draw the PDF,
and concurrent issuers on PostgreSQL never share or skip a number."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_issue_many, certificate_pdf_ensure
from tests.accounts.factories import UserFactory
from tests.training.factories import EnrollmentFactory, in_days, move_session
from tests.utils import wait_until
from training.models import Enrollment
from training.services import attendance_mark_all_present, enrollment_complete

from .factories import CompletedEnrollmentFactory
from .test_services import decode_qr_codes


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_completing_a_training_has_a_real_worker_generate_the_certificate(celery_worker, settings):
    hr = UserFactory(roles=["hr"])
    enrollment = EnrollmentFactory(status=Enrollment.Status.ENROLLED)
    move_session(enrollment.session, start=in_days(-2), end=in_days(-1, 16))  # attendance only for days that came
    for day in enrollment.session.days.all():
        attendance_mark_all_present(day=day, actor=hr)
    enrollment_complete(enrollment=enrollment, actor=hr)  # commits: the hook enqueues the task

    certificate = wait_until(
        lambda: Certificate.objects.filter(enrollment=enrollment, status=Certificate.Status.READY).first()
    )
    content = certificate.pdf.read()
    assert content.startswith(b"%PDF")
    assert decode_qr_codes(content) == [settings.SITE_URL + reverse("certificates:verify", args=[certificate.code])]
    assert certificate.holder_name == enrollment.employee.full_name


def _run_in_threads(targets):
    barrier = threading.Barrier(len(targets))
    errors = []

    def run(target):
        try:
            barrier.wait()
            target()
        except Exception as exc:  # noqa: BLE001  (the thread's error is collected and asserted below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trial", range(3))
def test_concurrent_issuers_get_distinct_consecutive_numbers(trial):
    enrollments = CompletedEnrollmentFactory.create_batch(16)
    errors = _run_in_threads([lambda e=e: certificate_issue(enrollment=e) for e in enrollments])
    assert errors == []
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 17))
    assert Certificate.objects.values("number").distinct().count() == 16


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_of_one_enrolment_issue_a_single_certificate():
    enrollment = CompletedEnrollmentFactory()
    errors = _run_in_threads([lambda: certificate_issue(enrollment=enrollment) for _ in range(10)])
    assert errors == []
    assert Certificate.objects.count() == 1
    # The losers' increments were rolled back with their savepoints: no gap.
    assert Certificate.objects.get().serial == 1
    later, created = certificate_issue(enrollment=CompletedEnrollmentFactory())
    assert created and later.serial == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_downloads_of_a_pdf_not_drawn_yet_draw_it_once():
    # A bulk-issued (demo) certificate: the first downloads draw it, under the row lock.
    certificate = certificate_issue_many(enrollments=[CompletedEnrollmentFactory()])[0]
    errors = _run_in_threads([lambda: certificate_pdf_ensure(certificate_id=certificate.pk) for _ in range(4)])
    assert errors == []
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.READY and certificate.version == 1
    assert certificate.pdf.read().startswith(b"%PDF")
